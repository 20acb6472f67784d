//! What the end-to-end tests in `tests/` share: a client configured the way a
//! user's would be, from the environment (`cargo xtask e2e` points it at
//! moto), and the network the tests build their resources in.

use ec2::operation::allocate_address::AllocateAddressInput;
use ec2::operation::create_network_interface::CreateNetworkInterfaceInput;
use ec2::operation::create_subnet::CreateSubnetInput;
use ec2::operation::create_vpc::CreateVpcInput;
use ec2::operation::describe_images::DescribeImagesInput;
use ec2::operation::describe_vpcs::DescribeVpcsInput;
use ec2::operation::run_instances::RunInstancesInput;
use ec2::types::DomainType;

/// A client from the environment and the shared files, as `Client::from_env`
/// gives every user.
pub fn client() -> ec2::Client {
    ec2::Client::from_env().unwrap_or_else(|error| panic!("{error}"))
}

/// A variable `cargo xtask e2e` sets.
pub fn required_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the end-to-end tests with `cargo xtask e2e`")
    })
}

/// A new VPC (with an Amazon-provided IPv6 block) and subnet.
pub struct Network {
    pub vpc_id: String,
    pub subnet_id: String,
}

impl Network {
    pub fn create(client: &ec2::Client, cidr: &str) -> Network {
        let vpc = client
            .send(
                CreateVpcInput::builder()
                    .cidr_block(format!("{cidr}/16"))
                    .amazon_provided_ipv6_cidr_block(true)
                    .build(),
            )
            .unwrap_or_else(|error| panic!("CreateVpc: {error}"))
            .vpc
            .expect("a VPC");
        let vpc_id = vpc.vpc_id.expect("a VPC id");
        // The IPv6 block is there once the VPC is: read it back.
        let described = client
            .send(DescribeVpcsInput::builder().vpc_ids(vpc_id.clone()).build())
            .unwrap_or_else(|error| panic!("DescribeVpcs: {error}"));
        let ipv6_block = described
            .vpcs
            .unwrap_or_default()
            .into_iter()
            .flat_map(|vpc| vpc.ipv6_cidr_block_association_set.unwrap_or_default())
            .find_map(|association| association.ipv6_cidr_block)
            .expect("an IPv6 block");
        let subnet = client
            .send(
                CreateSubnetInput::builder()
                    .vpc_id(vpc_id.clone())
                    .cidr_block(format!("{cidr}/24"))
                    .ipv6_cidr_block(ipv6_block.replace("/56", "/64"))
                    .build()
                    .expect("a subnet input"),
            )
            .unwrap_or_else(|error| panic!("CreateSubnet: {error}"))
            .subnet
            .expect("a subnet");
        Network {
            vpc_id,
            subnet_id: subnet.subnet_id.expect("a subnet id"),
        }
    }

    pub fn network_interface(&self, client: &ec2::Client) -> String {
        client
            .send(
                CreateNetworkInterfaceInput::builder()
                    .subnet_id(self.subnet_id.clone())
                    .build()
                    .expect("a network interface input"),
            )
            .unwrap_or_else(|error| panic!("CreateNetworkInterface: {error}"))
            .network_interface
            .and_then(|interface| interface.network_interface_id)
            .expect("a network interface id")
    }
}

/// Runs one instance of an Amazon image in the network's subnet; returns its id.
pub fn run_instance(client: &ec2::Client, network: &Network) -> String {
    let image = client
        .send(DescribeImagesInput::builder().owners("amazon").build())
        .unwrap_or_else(|error| panic!("DescribeImages: {error}"))
        .images
        .unwrap_or_default()
        .into_iter()
        .find_map(|image| image.image_id)
        .expect("an image");
    client
        .send(
            RunInstancesInput::builder()
                .image_id(image)
                .min_count(1)
                .max_count(1)
                .subnet_id(network.subnet_id.clone())
                .build()
                .expect("a RunInstances input"),
        )
        .unwrap_or_else(|error| panic!("RunInstances: {error}"))
        .instances
        .unwrap_or_default()
        .into_iter()
        .find_map(|instance| instance.instance_id)
        .expect("an instance id")
}

/// A new Elastic IP address for use in a VPC; returns its allocation id.
pub fn allocate_vpc_address(client: &ec2::Client) -> String {
    client
        .send(
            AllocateAddressInput::builder()
                .domain(DomainType::Vpc)
                .build(),
        )
        .unwrap_or_else(|error| panic!("AllocateAddress: {error}"))
        .allocation_id
        .expect("an allocation id")
}
