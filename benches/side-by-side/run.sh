#!/usr/bin/env bash
# Clean debug builds of one program, four EC2 calls, against the whole-EC2
# generated crate and against aws-sdk-ec2: ours, a rest, the anchor, a longer
# rest, ours again. The rests are there because this kind of VM runs slower for
# minutes after full load. Crates must be downloaded already (a first
# `cargo fetch` in each program's copy does it); takes about 10 minutes.
#
#   benches/side-by-side/run.sh            # work in target/side-by-side
#   SIDE_BY_SIDE_DIR=/tmp/sbs benches/side-by-side/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${SIDE_BY_SIDE_DIR:-$root/target/side-by-side}
model=${SIDE_BY_SIDE_MODEL:-$root/../shared/models/ec2-full.derived.json}

mkdir -p "$work"
(cd "$root" && cargo xtask codegen --model "$model" --out "$work/ec2" >/dev/null)
for program in ours aws; do
    rm -rf "${work:?}/$program"
    cp -r "$here/$program" "$work/$program"
done

build() { # label program
    echo "== $1 at $(date +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
    rm -rf "$work/$2/target"
    (cd "$work/$2" && /usr/bin/time -f "$1: %e s wall, %U s user, %S s sys, %M KB peak" cargo build -q 2>&1 | tail -1)
}

build ours "ours"
sleep "${SIDE_BY_SIDE_REST:-60}"
build aws-sdk-ec2 "aws"
sleep "$(( ${SIDE_BY_SIDE_REST:-60} * 4 ))"
build "ours again" "ours"
