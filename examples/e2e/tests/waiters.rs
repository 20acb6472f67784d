//! Waiters against moto: an instance waited on until it runs, then until
//! it is terminated (async), and a waiter that runs out of time.

use std::time::Duration;

use e2e::{Network, client, run_instance};
use ec2::runtime::waiter::WaitError;
use ec2::types::InstanceStateName;

#[test]
fn an_instance_is_waited_on_until_it_runs() {
    let client = client();
    let network = Network::create(&client, "10.9.0.0");
    let instance = run_instance(&client, &network);
    let waited = client
        .wait_until_instance_running()
        .instance_ids(instance.clone())
        .wait(Duration::from_secs(120))
        .unwrap_or_else(|error| panic!("InstanceRunning: {error}"));
    let output = waited.last.expect("an output");
    let states: Vec<InstanceStateName> = output
        .reservations
        .unwrap_or_default()
        .into_iter()
        .flat_map(|reservation| reservation.instances.unwrap_or_default())
        .filter_map(|instance| instance.state.and_then(|state| state.name))
        .collect();
    assert_eq!(states, [InstanceStateName::Running]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_terminated_instance_is_waited_on_async() {
    let client = client();
    let network = tokio::task::block_in_place(|| Network::create(&client, "10.10.0.0"));
    let instance = tokio::task::block_in_place(|| run_instance(&client, &network));
    client
        .terminate_instances()
        .instance_ids(instance.clone())
        .send_async()
        .await
        .unwrap_or_else(|error| panic!("TerminateInstances: {error}"));
    let waited = client
        .wait_until_instance_terminated()
        .instance_ids(instance)
        .wait_async(Duration::from_secs(120))
        .await
        .unwrap_or_else(|error| panic!("InstanceTerminated: {error}"));
    assert!(waited.attempts >= 1);
}

#[test]
fn a_waiter_for_an_instance_that_never_appears_times_out() {
    let client = client();
    // `InvalidInstanceID.NotFound` retries; 6 s leaves room for one delay
    // of InstanceExists's 5 s shortest.
    let error = client
        .wait_until_instance_exists()
        .instance_ids("i-0123456789abcdef0")
        .wait(Duration::from_secs(6))
        .expect_err("the instance does not exist");
    match &error {
        WaitError::TimedOut { last, attempts, .. } => {
            assert!(*attempts >= 2, "{error:?}");
            let last = last.as_deref().expect("the last answer");
            assert_eq!(
                last.as_ref().err().and_then(|error| error.code()),
                Some("InvalidInstanceID.NotFound"),
                "{error:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}
