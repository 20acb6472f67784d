//! Builds requests with the generated `ec2` crate, prints what would be sent,
//! and reads EC2-shaped answers: everything a caller does around signing and
//! sending (which is up to the caller's HTTP client), with the methods of
//! `ec2::Operation`.

use ec2::Operation;
use ec2::operation::assign_private_ip_addresses::{
    AssignPrivateIpAddresses, AssignPrivateIpAddressesInput,
};
use ec2::operation::associate_iam_instance_profile::AssociateIamInstanceProfileInput;
use ec2::runtime::http::{Endpoint, HttpResponse, RequestConfig};
use ec2::types::IamInstanceProfileSpecification;

fn main() -> Result<(), Box<dyn std::error::Error>> {
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
        println!("build() refuses an incomplete input: {error}\n");
    }

    let config = RequestConfig::new(Endpoint::parse("https://ec2.us-east-1.amazonaws.com")?);
    let request = AssignPrivateIpAddresses::build_request(&assign, &config)?;
    println!(
        "{} https://{}{} with headers {:?}\n",
        request.method, request.host, request.uri, request.headers
    );

    // What EC2 answers (the body of a real response, abridged).
    let answer = xml_response(
        200,
        r#"<AssignPrivateIpAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>a9f4d6e1-0c1b-4d1e-9a86-2f0fEXAMPLE</requestId>
    <networkInterfaceId>eni-e5aa89a3</networkInterfaceId>
    <assignedPrivateIpAddressesSet>
        <item><privateIpAddress>10.0.0.82</privateIpAddress></item>
        <item><privateIpAddress>10.0.0.83</privateIpAddress></item>
    </assignedPrivateIpAddressesSet>
</AssignPrivateIpAddressesResponse>"#,
    );
    let output = AssignPrivateIpAddresses::read_response(&answer)?;
    println!(
        "parsed output (request id {:?}):\n{output:#?}\n",
        output.request_id()
    );

    // A DryRun request that would have succeeded comes back as an error response.
    let dry_run = xml_response(
        412,
        "<Response><Errors><Error><Code>DryRunOperation</Code><Message>Request would have \
         succeeded, but DryRun flag is set.</Message></Error></Errors>\
         <RequestID>59dbff89-35bd-4eac-99ed-be587EXAMPLE</RequestID></Response>",
    );
    if let Err(error) = AssignPrivateIpAddresses::read_response(&dry_run) {
        println!("dry run succeeded: {}; {error}", error.is_dry_run_success());
    }
    Ok(())
}

fn xml_response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![(
            "Content-Type".to_owned(),
            "text/xml;charset=UTF-8".to_owned(),
        )],
        body: body.as_bytes().to_vec(),
    }
}
