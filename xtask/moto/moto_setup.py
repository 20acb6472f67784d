"""Prepares a local moto server for the end-to-end tests and the demo.

    python moto_setup.py bootstrap URL
        Creates an IAM user allowed everything and an access key for it, with
        the requests moto lets through unsigned (INITIAL_NO_AUTH_ACTION_COUNT=3),
        and prints `AWS_ACCESS_KEY_ID=...` and `AWS_SECRET_ACCESS_KEY=...`.

    python moto_setup.py instance-profile URL NAME
        Creates an IAM role and an instance profile holding it, signed with
        the key in the environment, and prints `ARN=...` and `NAME=...`.
        (IAM is another service; the generated crate covers EC2.)

    python moto_setup.py role URL NAME
        Creates an IAM role anyone in the account may assume, allowed
        everything, and prints `ARN=...` (for AssumeRole through a profile).

    python moto_setup.py demo-resources URL
        What the demo program's calls need, created through EC2 and IAM with
        boto3: a VPC with IPv6, a subnet, a network interface, an instance, an
        Elastic IP and an instance profile. Prints `NAME=VALUE` lines.
"""

import json
import os
import sys

import boto3

REGION = "us-east-1"
ALLOW_EVERYTHING = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)
EC2_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def client(service, url, access_key_id=None, secret_access_key=None):
    return boto3.client(
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=access_key_id or os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret_access_key or os.environ["AWS_SECRET_ACCESS_KEY"],
    )


def bootstrap(url):
    # The three unsigned requests moto allows before it checks signatures.
    iam = client("iam", url, "bootstrap", "bootstrap")
    iam.create_user(UserName="codegen-e2e")
    iam.put_user_policy(UserName="codegen-e2e", PolicyName="everything", PolicyDocument=ALLOW_EVERYTHING)
    key = iam.create_access_key(UserName="codegen-e2e")["AccessKey"]
    print(f"AWS_ACCESS_KEY_ID={key['AccessKeyId']}")
    print(f"AWS_SECRET_ACCESS_KEY={key['SecretAccessKey']}")


def instance_profile(url, name):
    iam = client("iam", url)
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=EC2_TRUST)
    profile = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=name)
    return profile


def role(url, name):
    iam = client("iam", url)
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/codegen-e2e"}, "Action": "sts:AssumeRole"}
            ],
        }
    )
    created = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]
    iam.put_role_policy(RoleName=name, PolicyName="everything", PolicyDocument=ALLOW_EVERYTHING)
    return created


def demo_resources(url):
    ec2 = client("ec2", url)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]
    ipv6_block = ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0][
        "Ipv6CidrBlock"
    ]
    subnet = ec2.create_subnet(
        VpcId=vpc["VpcId"], CidrBlock="10.0.0.0/24", Ipv6CidrBlock=ipv6_block.replace("/56", "/64")
    )["Subnet"]
    interface = ec2.create_network_interface(SubnetId=subnet["SubnetId"])["NetworkInterface"]
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    instance = ec2.run_instances(
        ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=subnet["SubnetId"]
    )["Instances"][0]
    address = ec2.allocate_address(Domain="vpc")
    profile = instance_profile(url, "codegen-demo")
    print(f"DEMO_NETWORK_INTERFACE_ID={interface['NetworkInterfaceId']}")
    print(f"DEMO_INSTANCE_ID={instance['InstanceId']}")
    print(f"DEMO_ALLOCATION_ID={address['AllocationId']}")
    print(f"DEMO_INSTANCE_PROFILE_ARN={profile['Arn']}")


def main(arguments):
    command, url, *rest = arguments
    if command == "bootstrap":
        bootstrap(url)
    elif command == "instance-profile":
        profile = instance_profile(url, rest[0])
        print(f"ARN={profile['Arn']}")
        print(f"NAME={profile['InstanceProfileName']}")
    elif command == "role":
        print(f"ARN={role(url, rest[0])['Arn']}")
    elif command == "demo-resources":
        demo_resources(url)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
