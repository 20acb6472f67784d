//! Paginators against moto: `DescribeInstances` a reservation per page, each
//! page asked for with the token of the last, blocking and async.

use e2e::{Network, client, run_instance};
use ec2::types::Filter;

fn in_subnet(network: &Network) -> Filter {
    Filter::builder()
        .name("subnet-id")
        .values(network.subnet_id.clone())
        .build()
}

/// The instance ids of reservations, in order.
fn instance_ids(reservations: impl IntoIterator<Item = ec2::types::Reservation>) -> Vec<String> {
    reservations
        .into_iter()
        .flat_map(|reservation| reservation.instances.unwrap_or_default())
        .filter_map(|instance| instance.instance_id)
        .collect()
}

#[test]
fn describe_instances_pages_through_every_reservation() {
    let client = client();
    let network = Network::create(&client, "10.7.0.0");
    let launched: Vec<String> = (0..3).map(|_| run_instance(&client, &network)).collect();

    let pages = client
        .describe_instances()
        .filters(in_subnet(&network))
        .into_paginator()
        .page_size(1)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|error| panic!("DescribeInstances: {error}"));
    // One reservation a page; the last page has no token.
    assert_eq!(pages.len(), 3, "{pages:#?}");
    assert!(pages[..2].iter().all(|page| page.next_token.is_some()));
    assert_eq!(pages[2].next_token, None);
    let paged = instance_ids(
        pages
            .into_iter()
            .flat_map(|page| page.reservations.unwrap_or_default()),
    );
    assert_eq!(paged, launched);

    let items = client
        .describe_instances()
        .filters(in_subnet(&network))
        .max_results(2)
        .into_paginator()
        .items()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|error| panic!("DescribeInstances: {error}"));
    assert_eq!(instance_ids(items), launched);
}

#[tokio::test(flavor = "multi_thread")]
async fn describe_instances_pages_async() {
    let client = client();
    let network = tokio::task::block_in_place(|| Network::create(&client, "10.8.0.0"));
    let launched: Vec<String> =
        tokio::task::block_in_place(|| (0..2).map(|_| run_instance(&client, &network)).collect());

    let mut items = client
        .describe_instances()
        .filters(in_subnet(&network))
        .into_paginator()
        .page_size(1)
        .items();
    let mut reservations = Vec::new();
    while let Some(reservation) = items.next_async().await {
        reservations.push(reservation.unwrap_or_else(|error| panic!("DescribeInstances: {error}")));
    }
    assert_eq!(instance_ids(reservations), launched);

    // An error ends the pages after it is yielded: EC2 refuses a page size
    // with instance ids.
    let mut pages = client
        .describe_instances()
        .instance_ids(launched[0].clone())
        .into_paginator()
        .page_size(5);
    let error = pages
        .next_async()
        .await
        .expect("a page")
        .expect_err("an error");
    assert_eq!(error.code(), Some("InvalidParameterCombination"), "{error}");
    assert!(pages.next_async().await.is_none());
}
