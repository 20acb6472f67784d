#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_from_env().await;
    let client = aws_sdk_ec2::Client::new(&config);
    let instances = client.describe_instances().max_results(5).send().await?;
    println!("{:?}", instances.reservations);
    let vpcs = client.describe_vpcs().send().await?;
    println!("{:?}", vpcs.vpcs);
    client.associate_address().allocation_id("eipalloc-1").instance_id("i-1").send().await?;
    client.run_instances().image_id("ami-1").min_count(1).max_count(1).send().await?;
    Ok(())
}
