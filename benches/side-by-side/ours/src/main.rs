fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = ec2::Client::from_env()?;
    let instances = client.describe_instances().max_results(5).send()?;
    println!("{:?}", instances.reservations);
    let vpcs = client.describe_vpcs().send()?;
    println!("{:?}", vpcs.vpcs);
    client.associate_address().allocation_id("eipalloc-1").instance_id("i-1").send()?;
    client.run_instances().image_id("ami-1").min_count(1).max_count(1).send()?;
    Ok(())
}
