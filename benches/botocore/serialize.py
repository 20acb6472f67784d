"""The anchor for `assign_private_ip_16_items` in examples/usage/benches/serialize.rs:
botocore serializing the same AssignPrivateIpAddresses request (16 addresses, a
569-byte body) with its ec2 query serializer.

    python3 -m venv /tmp/boto && /tmp/boto/bin/pip install botocore
    /tmp/boto/bin/python benches/botocore/serialize.py

Prints the median and fastest time per call over 7 runs of 20,000 calls.
"""

import statistics
import timeit

import botocore
import botocore.serialize
import botocore.session
from botocore.utils import percent_encode_sequence

session = botocore.session.get_session()
operation = session.get_service_model("ec2").operation_model("AssignPrivateIpAddresses")
serializer = botocore.serialize.create_serializer("ec2")
params = {
    "NetworkInterfaceId": "eni-e5aa89a3",
    "PrivateIpAddresses": [f"10.0.0.{i}" for i in range(100, 116)],
}


def body():
    """The request body as botocore sends it: serialized, then form-encoded
    the way its request preparer does."""
    return percent_encode_sequence(serializer.serialize_to_request(params, operation)["body"])


assert len(body()) == 569, len(body())

calls = 20_000
for name, call in [
    ("serialize_to_request", lambda: serializer.serialize_to_request(params, operation)),
    ("serialize_to_request + percent_encode_sequence", body),
]:
    runs = timeit.repeat(call, number=calls, repeat=7)
    per_call = [run / calls * 1e6 for run in runs]
    print(
        f"botocore {botocore.__version__}, {name}, 16 addresses (569 B): "
        f"median {statistics.median(per_call):.2f} µs, fastest {min(per_call):.2f} µs"
    )
