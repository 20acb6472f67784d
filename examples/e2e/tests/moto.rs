//! The generated client against moto's EC2, which checks every signature:
//! each of the four operations of `models/ec2.json` with real setup, then
//! what moto holds afterwards; a DryRun; a not-found error; a wrong key.

use e2e::{Network, allocate_vpc_address, client, required_env, run_instance};
use ec2::operation::allocate_address::AllocateAddressInput;
use ec2::operation::assign_ipv6_addresses::AssignIpv6AddressesInput;
use ec2::operation::assign_private_ip_addresses::AssignPrivateIpAddressesInput;
use ec2::operation::associate_address::AssociateAddressInput;
use ec2::operation::associate_iam_instance_profile::AssociateIamInstanceProfileInput;
use ec2::operation::describe_addresses::DescribeAddressesInput;
use ec2::operation::describe_iam_instance_profile_associations::DescribeIamInstanceProfileAssociationsInput;
use ec2::operation::describe_network_interfaces::DescribeNetworkInterfacesInput;
use ec2::types::{DomainType, IamInstanceProfileSpecification};
use ec2::{CallErrorKind, Client, Config, Credentials};

fn describe_interface(client: &Client, id: &str) -> ec2::types::NetworkInterface {
    client
        .send(
            DescribeNetworkInterfacesInput::builder()
                .network_interface_ids(id)
                .build(),
        )
        .unwrap_or_else(|error| panic!("DescribeNetworkInterfaces: {error}"))
        .network_interfaces
        .unwrap_or_default()
        .into_iter()
        .next()
        .expect("the interface")
}

#[test]
fn assign_private_ip_addresses_puts_them_on_the_interface() {
    let client = client();
    let network = Network::create(&client, "10.1.0.0");
    let interface = network.network_interface(&client);
    let output = client
        .send(
            AssignPrivateIpAddressesInput::builder()
                .network_interface_id(interface.clone())
                .private_ip_addresses("10.1.0.82")
                .private_ip_addresses("10.1.0.83")
                .build()
                .unwrap(),
        )
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        output.network_interface_id.as_deref(),
        Some(interface.as_str())
    );
    assert!(output.request_id().is_some());
    let assigned: Vec<String> = output
        .assigned_private_ip_addresses
        .unwrap_or_default()
        .into_iter()
        .filter_map(|address| address.private_ip_address)
        .collect();
    assert!(assigned.contains(&"10.1.0.82".to_owned()), "{assigned:?}");

    let on_interface: Vec<String> = describe_interface(&client, &interface)
        .private_ip_addresses
        .unwrap_or_default()
        .into_iter()
        .filter_map(|address| address.private_ip_address)
        .collect();
    for address in ["10.1.0.82", "10.1.0.83"] {
        assert!(
            on_interface.contains(&address.to_owned()),
            "{address} not in {on_interface:?}"
        );
    }
}

#[test]
fn assign_ipv6_addresses_puts_them_on_the_interface() {
    let client = client();
    let network = Network::create(&client, "10.2.0.0");
    let interface = network.network_interface(&client);
    let output = client
        .send(
            AssignIpv6AddressesInput::builder()
                .network_interface_id(interface.clone())
                .ipv6_address_count(2)
                .build()
                .unwrap(),
        )
        .unwrap_or_else(|error| panic!("{error}"));
    let assigned = output.assigned_ipv6_addresses.unwrap_or_default();
    assert_eq!(assigned.len(), 2, "{assigned:?}");
    let on_interface: Vec<String> = describe_interface(&client, &interface)
        .ipv6_addresses
        .unwrap_or_default()
        .into_iter()
        .filter_map(|address| address.ipv6_address)
        .collect();
    for address in &assigned {
        assert!(
            on_interface.contains(address),
            "{address} not in {on_interface:?}"
        );
    }
}

#[test]
fn associate_address_attaches_the_elastic_ip_to_the_instance() {
    let client = client();
    let network = Network::create(&client, "10.3.0.0");
    let instance = run_instance(&client, &network);
    let allocation_id = allocate_vpc_address(&client);
    let output = client
        .send(
            AssociateAddressInput::builder()
                .allocation_id(allocation_id.clone())
                .instance_id(instance.clone())
                .build(),
        )
        .unwrap_or_else(|error| panic!("{error}"));
    let association_id = output.association_id.expect("an association id");
    let address = client
        .send(
            DescribeAddressesInput::builder()
                .allocation_ids(allocation_id)
                .build(),
        )
        .unwrap_or_else(|error| panic!("DescribeAddresses: {error}"))
        .addresses
        .unwrap_or_default()
        .into_iter()
        .next()
        .expect("the address");
    assert_eq!(address.instance_id.as_deref(), Some(instance.as_str()));
    assert_eq!(
        address.association_id.as_deref(),
        Some(association_id.as_str())
    );
}

#[test]
fn associate_iam_instance_profile_gives_the_instance_its_profile() {
    let client = client();
    let network = Network::create(&client, "10.4.0.0");
    let instance = run_instance(&client, &network);
    let profile_arn = required_env("E2E_INSTANCE_PROFILE_ARN");
    let output = client
        .send(
            AssociateIamInstanceProfileInput::builder()
                .iam_instance_profile(
                    IamInstanceProfileSpecification::builder()
                        .arn(profile_arn.clone())
                        .build(),
                )
                .instance_id(instance.clone())
                .build()
                .unwrap(),
        )
        .unwrap_or_else(|error| panic!("{error}"));
    let association = output
        .iam_instance_profile_association
        .expect("an association");
    assert_eq!(association.instance_id.as_deref(), Some(instance.as_str()));
    let described = client
        .send(
            DescribeIamInstanceProfileAssociationsInput::builder()
                .association_ids(
                    association
                        .association_id
                        .clone()
                        .expect("an association id"),
                )
                .build(),
        )
        .unwrap_or_else(|error| panic!("DescribeIamInstanceProfileAssociations: {error}"))
        .iam_instance_profile_associations
        .unwrap_or_default();
    assert_eq!(described.len(), 1, "{described:?}");
    let profile = described[0]
        .iam_instance_profile
        .as_ref()
        .expect("a profile");
    assert_eq!(profile.arn.as_deref(), Some(profile_arn.as_str()));
}

#[test]
fn a_dry_run_that_would_succeed_is_told_apart_from_a_failure() {
    let client = client();
    let error = client
        .send(
            AllocateAddressInput::builder()
                .domain(DomainType::Vpc)
                .dry_run(true)
                .build(),
        )
        .expect_err("a DryRun answers with an error response");
    assert!(error.is_dry_run_success(), "{error}");
    assert_eq!(error.code(), Some("DryRunOperation"));
}

#[test]
fn a_missing_interface_is_a_service_error_with_code_message_and_request_id() {
    let error = client()
        .send(
            AssignPrivateIpAddressesInput::builder()
                .network_interface_id("eni-00000000000000000")
                .secondary_private_ip_address_count(1)
                .build()
                .unwrap(),
        )
        .expect_err("there is no such interface");
    assert!(
        matches!(error.kind(), CallErrorKind::Service(_)),
        "{error:?}"
    );
    assert_eq!(error.code(), Some("InvalidNetworkInterfaceID.NotFound"));
    assert_eq!(
        error.message(),
        Some("The networkInterface ID 'eni-00000000000000000' does not exist")
    );
    assert!(error.request_id().is_some_and(|id| !id.is_empty()));
    assert!(!error.is_dry_run_success());
    let text = error.to_string();
    assert!(
        text.starts_with("AssignPrivateIpAddresses failed: InvalidNetworkInterfaceID.NotFound: The networkInterface ID"),
        "{text}"
    );
}

#[test]
fn a_wrong_secret_key_is_refused_by_the_server() {
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(required_env("AWS_ENDPOINT_URL"))
        .credentials(Credentials::new(
            required_env("AWS_ACCESS_KEY_ID"),
            "not-the-secret",
            None,
        ))
        .build();
    let error = Client::new(config)
        .send(DescribeAddressesInput::builder().build())
        .expect_err("moto checks the signature");
    assert_eq!(error.code(), Some("AuthFailure"), "{error}");
    assert_eq!(
        error.message(),
        Some("AWS was not able to validate the provided access credentials")
    );
}

#[test]
fn fluent_calls_of_the_four_operations() {
    let client = client();
    let network = Network::create(&client, "10.5.0.0");
    let interface = network.network_interface(&client);
    let output = client
        .assign_private_ip_addresses()
        .network_interface_id(&interface)
        .private_ip_addresses("10.5.0.90")
        .send()
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        output.network_interface_id.as_deref(),
        Some(interface.as_str())
    );
    let output = client
        .assign_ipv6_addresses()
        .network_interface_id(&interface)
        .ipv6_address_count(1)
        .send()
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(output.assigned_ipv6_addresses.unwrap_or_default().len(), 1);

    let instance = run_instance(&client, &network);
    let allocation_id = client
        .allocate_address()
        .domain(DomainType::Vpc)
        .send()
        .unwrap_or_else(|error| panic!("{error}"))
        .allocation_id
        .expect("an allocation id");
    let association = client
        .associate_address()
        .allocation_id(allocation_id)
        .instance_id(&instance)
        .send()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(association.association_id.is_some());
    let profile = client
        .associate_iam_instance_profile()
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .arn(required_env("E2E_INSTANCE_PROFILE_ARN"))
                .build(),
        )
        .instance_id(&instance)
        .send()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(profile.iam_instance_profile_association.is_some());

    // A required member left out is an error of the call, before any request.
    let error = client
        .assign_private_ip_addresses()
        .secondary_private_ip_address_count(1)
        .send()
        .expect_err("NetworkInterfaceId is required");
    assert!(matches!(error.kind(), CallErrorKind::Input(_)), "{error:?}");
    assert_eq!(error.attempts(), 0);
}

#[tokio::test]
async fn async_calls_of_the_four_operations() {
    let client = client();
    // The setup is blocking; the calls under test are not.
    let (network, interface, instance) = tokio::task::spawn_blocking({
        let client = client.clone();
        move || {
            let network = Network::create(&client, "10.6.0.0");
            let interface = network.network_interface(&client);
            let instance = run_instance(&client, &network);
            (network, interface, instance)
        }
    })
    .await
    .unwrap();
    let output = client
        .assign_private_ip_addresses()
        .network_interface_id(&interface)
        .secondary_private_ip_address_count(1)
        .send_async()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        output.network_interface_id.as_deref(),
        Some(interface.as_str())
    );
    let output = client
        .assign_ipv6_addresses()
        .network_interface_id(&interface)
        .ipv6_address_count(1)
        .send_async()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(output.assigned_ipv6_addresses.unwrap_or_default().len(), 1);
    let allocation_id = client
        .send_async(
            AllocateAddressInput::builder()
                .domain(DomainType::Vpc)
                .build(),
        )
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .allocation_id
        .expect("an allocation id");
    let association = client
        .associate_address()
        .allocation_id(allocation_id)
        .instance_id(&instance)
        .send_async()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(association.association_id.is_some());
    let profile = client
        .associate_iam_instance_profile()
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .arn(required_env("E2E_INSTANCE_PROFILE_ARN"))
                .build(),
        )
        .instance_id(&instance)
        .send_async()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(profile.iam_instance_profile_association.is_some());
    let error = client
        .associate_address()
        .allocation_id("eipalloc-00000000000000000")
        .instance_id(&instance)
        .send_async()
        .await
        .expect_err("there is no such allocation");
    assert!(error.code().is_some(), "{error}");
    drop(network);
}

#[test]
fn a_role_arn_profile_assumes_the_role_through_sts() {
    // The profile a user would write: a role, assumed with the keys of
    // another profile. moto plays STS at the same endpoint.
    let directory = std::env::temp_dir().join(format!("e2e-assume-role-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let config_file = directory.join("config");
    std::fs::write(
        &config_file,
        format!(
            "[profile assumer]\nrole_arn = {}\nsource_profile = base\nrole_session_name = e2e\n\n\
             [profile base]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            required_env("E2E_ROLE_ARN"),
            required_env("AWS_ACCESS_KEY_ID"),
            required_env("AWS_SECRET_ACCESS_KEY"),
        ),
    )
    .unwrap();
    let environment = ec2::runtime::env::Environment::from_vars([
        (
            "AWS_CONFIG_FILE",
            config_file.to_string_lossy().into_owned(),
        ),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".to_owned()),
        ("AWS_PROFILE", "assumer".to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_ENDPOINT_URL", required_env("AWS_ENDPOINT_URL")),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
    ])
    .with_file(&config_file, std::fs::read_to_string(&config_file).unwrap());
    let config = Config::from_environment(environment).unwrap_or_else(|error| panic!("{error}"));
    let credentials = config
        .credentials()
        .provide_credentials()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(
        credentials.session_token().is_some(),
        "assumed-role credentials are temporary"
    );
    assert_ne!(
        credentials.access_key_id(),
        required_env("AWS_ACCESS_KEY_ID")
    );
    // And they sign calls the server accepts.
    Client::new(config)
        .describe_addresses()
        .send()
        .unwrap_or_else(|error| panic!("{error}"));
    let _ = std::fs::remove_dir_all(&directory);
}
