//! Generates the EC2 client from the project's model into `OUT_DIR`; cargo
//! runs this again when the model changes.

fn main() {
    codegen::build_script::Generate::new("../../models/ec2.json")
        .operations(["AssignPrivateIpAddresses", "AssociateAddress"])
        .write()
        .unwrap_or_else(|error| panic!("{error}"));
}
