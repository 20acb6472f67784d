//! Resource handles against moto, boto3-style: a VPC address associated
//! through its handle, an instance stopped, started and terminated through
//! its handle, loaded and followed to its VPC and subnet, and the
//! `instances` collection.

use e2e::{Network, allocate_vpc_address, client, run_instance};
use ec2::types::{Filter, InstanceStateName};

fn state(instance: &ec2::resources::Instance) -> Option<InstanceStateName> {
    instance
        .load()
        .unwrap_or_else(|error| panic!("Instance.load: {error}"))
        .and_then(|data| data.state)
        .and_then(|state| state.name)
}

#[test]
fn a_vpc_address_is_associated_through_its_handle_and_loaded() {
    let client = client();
    let network = Network::create(&client, "10.11.0.0");
    let instance = run_instance(&client, &network);
    let allocation = allocate_vpc_address(&client);

    let address = client.vpc_address(allocation.clone());
    let associated = address
        .associate()
        .instance_id(instance.clone())
        .send()
        .unwrap_or_else(|error| panic!("VpcAddress.associate: {error}"));
    assert!(associated.association_id.is_some());
    let data = address
        .load()
        .unwrap_or_else(|error| panic!("VpcAddress.load: {error}"))
        .expect("the address");
    assert_eq!(data.allocation_id.as_deref(), Some(allocation.as_str()));
    assert_eq!(data.instance_id.as_deref(), Some(instance.as_str()));
}

#[test]
fn an_instance_is_stopped_started_and_terminated_through_its_handle() {
    let client = client();
    let network = Network::create(&client, "10.12.0.0");
    let instance = client.instance(run_instance(&client, &network));
    assert_eq!(state(&instance), Some(InstanceStateName::Running));
    // `has` references: the instance's VPC and subnet, named by its data.
    let data = instance
        .load()
        .unwrap_or_else(|error| panic!("Instance.load: {error}"))
        .expect("the instance");
    assert_eq!(
        instance.vpc(&data).map(|vpc| vpc.id().to_owned()),
        Some(network.vpc_id.clone())
    );
    assert_eq!(
        instance.subnet(&data).map(|subnet| subnet.id().to_owned()),
        Some(network.subnet_id.clone())
    );

    instance
        .stop()
        .send()
        .unwrap_or_else(|error| panic!("Instance.stop: {error}"));
    assert!(
        matches!(
            state(&instance),
            Some(InstanceStateName::Stopping | InstanceStateName::Stopped)
        ),
        "{:?}",
        state(&instance)
    );
    instance
        .start()
        .send()
        .unwrap_or_else(|error| panic!("Instance.start: {error}"));
    instance
        .terminate()
        .send()
        .unwrap_or_else(|error| panic!("Instance.terminate: {error}"));
    assert!(
        matches!(
            state(&instance),
            Some(InstanceStateName::ShuttingDown | InstanceStateName::Terminated)
        ),
        "{:?}",
        state(&instance)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_instances_collection_pages_through_handles_with_their_data() {
    let client = client();
    let network = tokio::task::block_in_place(|| Network::create(&client, "10.13.0.0"));
    let launched: Vec<String> =
        tokio::task::block_in_place(|| (0..3).map(|_| run_instance(&client, &network)).collect());
    let in_subnet = Filter::builder()
        .name("subnet-id")
        .values(network.subnet_id.clone())
        .build();

    // Blocking, a reservation a page.
    let instances: Vec<ec2::resources::Instance> = tokio::task::block_in_place(|| {
        client
            .instances()
            .filter(|request| request.filters(in_subnet.clone()).max_results(1))
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|error| panic!("instances: {error}"))
    });
    let ids: Vec<&str> = instances.iter().map(|instance| instance.id()).collect();
    assert_eq!(ids, launched);
    assert!(instances.iter().all(|instance| {
        instance.data().and_then(|data| data.subnet_id.as_deref())
            == Some(network.subnet_id.as_str())
    }));

    // Async.
    let mut collection = client
        .instances()
        .filter(|request| request.filters(in_subnet))
        .all();
    let mut ids = Vec::new();
    while let Some(instance) = collection.next_async().await {
        ids.push(
            instance
                .unwrap_or_else(|error| panic!("instances: {error}"))
                .id()
                .to_owned(),
        );
    }
    assert_eq!(ids, launched);
}
