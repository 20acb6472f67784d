//! The EC2 client `build.rs` generated: two operations of `models/ec2.json`.
#![forbid(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/ec2.rs"));
