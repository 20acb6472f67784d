//! Makes real calls with the generated `ec2` crate: the four operations of
//! `models/ec2.json`, then two calls that fail on purpose, printing what
//! came back.
//!
//! Configuration comes from the environment, as for every AWS SDK:
//! `AWS_REGION`, credentials (`AWS_ACCESS_KEY_ID`... or a profile), and
//! `AWS_ENDPOINT_URL` for a local EC2-compatible server. The resources the
//! calls act on come from `DEMO_NETWORK_INTERFACE_ID`, `DEMO_INSTANCE_ID`,
//! `DEMO_ALLOCATION_ID` and `DEMO_INSTANCE_PROFILE_ARN`.
//!
//! `cargo xtask demo` starts a local moto server, creates those resources
//! there and runs this program against it. Against real EC2 the calls change
//! the resources you name: use ones made for trying it out.

use std::process::ExitCode;

use ec2::operation::assign_ipv6_addresses::AssignIpv6AddressesInput;
use ec2::types::IamInstanceProfileSpecification;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let client = ec2::Client::from_env()?;
    println!("region {:?}", client.config().region());
    match client.endpoint_url() {
        Some(url) => println!("endpoint {url:?}"),
        None => println!(
            "endpoint from EC2's endpoint rules: {}",
            client.resolve_endpoint()?.url()
        ),
    }
    let interface = demo_variable("DEMO_NETWORK_INTERFACE_ID")?;
    let instance = demo_variable("DEMO_INSTANCE_ID")?;

    println!("\nAssignPrivateIpAddresses: one more private address on {interface}");
    // A fluent call: the client's method starts it, the input's setters
    // follow, `send()` makes it.
    let output = client
        .assign_private_ip_addresses()
        .network_interface_id(&interface)
        .secondary_private_ip_address_count(1)
        .send()?;
    println!("  request id {}", output.request_id().unwrap_or("-"));
    for address in output.assigned_private_ip_addresses.unwrap_or_default() {
        println!(
            "  assigned {}",
            address.private_ip_address.unwrap_or_default()
        );
    }

    println!("\nAssignIpv6Addresses: one IPv6 address on {interface}");
    // The same call from a built input: `client.send(input)`.
    let input = AssignIpv6AddressesInput::builder()
        .network_interface_id(&interface)
        .ipv6_address_count(1)
        .build()?;
    let output = client.send(input)?;
    for address in output.assigned_ipv6_addresses.unwrap_or_default() {
        println!("  assigned {address}");
    }

    let allocation = demo_variable("DEMO_ALLOCATION_ID")?;
    println!("\nAssociateAddress: {allocation} to {instance}");
    let output = client
        .associate_address()
        .allocation_id(&allocation)
        .instance_id(&instance)
        .send()?;
    println!(
        "  association {}",
        output.association_id.unwrap_or_default()
    );

    let profile = demo_variable("DEMO_INSTANCE_PROFILE_ARN")?;
    println!("\nAssociateIamInstanceProfile: {profile} to {instance}");
    let output = client
        .associate_iam_instance_profile()
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .arn(&profile)
                .build(),
        )
        .instance_id(&instance)
        .send()?;
    if let Some(association) = output.iam_instance_profile_association {
        println!(
            "  association {} ({:?})",
            association.association_id.unwrap_or_default(),
            association.state
        );
    }

    println!("\nAssociateAddress with DryRun: the permission check only");
    match client
        .associate_address()
        .allocation_id(&allocation)
        .instance_id(&instance)
        .dry_run(true)
        .send()
    {
        Err(error) if error.is_dry_run_success() => println!("  it would have succeeded"),
        Err(error) => println!("  it would have failed: {error}"),
        Ok(_) => println!("  the service ignored DryRun"),
    }

    println!("\nAssignPrivateIpAddresses on an interface that does not exist");
    match client
        .assign_private_ip_addresses()
        .network_interface_id("eni-00000000000000000")
        .secondary_private_ip_address_count(1)
        .send()
    {
        Err(error) => println!(
            "  {}\n  code {:?}, request id {:?}",
            error,
            error.code(),
            error.request_id()
        ),
        Ok(_) => println!("  it succeeded?"),
    }
    Ok(())
}

fn demo_variable(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| {
        format!("{name} is not set; `cargo xtask demo` sets it against a local moto server")
    })
}
