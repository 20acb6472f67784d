#!/usr/bin/env python3
"""Rearranges a generated whole-EC2 crate into crates that build in parallel,
to measure that layout before the generator writes it (issue 9).

    split_experiment.py CRATE OUT [--operation-crates N] [--move-types] [--tls-in-base]

CRATE is a crate `cargo xtask codegen` wrote (`run.sh` leaves one in
`target/side-by-side/ec2`). OUT receives:

- `base/`: the runtime, the shared types and the endpoint rules, with the
  `client` feature (SigV4 with ring) but not the TLS transport, so it starts
  as soon as ring is built. `pub(crate)` becomes `pub`: the operations'
  crates call the types' serializers and deserializers.
- `ops0/` ... : the operation modules, dealt out by size. A client method per
  operation must be an inherent method of a type in its own crate, which a
  generated layout would do with a `Client` in the facade; here each module's
  client methods become an extension trait, whose compile cost is the same.
- `ec2/`: the facade the program depends on: re-exports, and ureq.
- `ours/`: the side-by-side program, importing the traits.

With `--move-types`, types only one operations' crate reaches move into it;
with `--tls-in-base`, the base crate gets ureq too (the layout without moving
the transports out of the runtime). Then, in OUT/ours:

    /usr/bin/time -v cargo build --timings

It is a measurement, not a product: the program builds, nothing is run.
"""
import argparse
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as file:
        file.write(text)


def read(path):
    with open(path) as file:
        return file.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("crate")
    parser.add_argument("out")
    parser.add_argument("--operation-crates", type=int, default=2)
    parser.add_argument("--move-types", action="store_true")
    parser.add_argument("--tls-in-base", action="store_true")
    args = parser.parse_args()
    src, out, count = args.crate, args.out, args.operation_crates
    shutil.rmtree(out, ignore_errors=True)

    groups = deal_operations(f"{src}/src/operation", count)
    types_index = read(f"{src}/src/types/mod.rs")
    type_module = {name: module for module, name in re.findall(r"pub use (\w+)::(\w+);", types_index)}
    moved = exclusive_types(src, groups, type_module) if args.move_types else {}
    print("operations' source bytes per crate:", [sum(size for size, _ in group) for group in groups])
    print(f"types moved into an operations' crate: {len(moved)} of {len(set(type_module.values()))}")

    write_base(src, out, types_index, moved, args.tls_in_base)
    for index, group in enumerate(groups):
        write_operations(src, out, index, [module for _, module in group], types_index, type_module, moved)
    write_facade(out, len(groups))


def deal_operations(directory, count):
    """The operation modules in `count` groups of about equal source size."""
    sized = sorted(
        ((os.path.getsize(f"{directory}/{name}"), name[:-3]) for name in os.listdir(directory) if name != "mod.rs"),
        reverse=True,
    )
    groups = [[] for _ in range(count)]
    for entry in sized:
        min(groups, key=lambda group: sum(size for size, _ in group)).append(entry)
    return groups


def exclusive_types(src, groups, type_module):
    """Type modules that the operations of only one group reach, by group."""

    def referenced(text):
        return {type_module[name] for name in re.findall(r"crate::types::(\w+)", text) if name in type_module}

    references = {module: referenced(read(f"{src}/src/types/{module}.rs")) for module in set(type_module.values())}
    reached_by = {}
    for index, group in enumerate(groups):
        pending = [t for _, module in group for t in referenced(read(f"{src}/src/operation/{module}.rs"))]
        seen = set()
        while pending:
            module = pending.pop()
            if module not in seen:
                seen.add(module)
                pending.extend(references[module])
        for module in seen:
            reached_by.setdefault(module, set()).add(index)
    # What the runtime names stays in the base crate.
    for root, _, files in os.walk(f"{src}/src/runtime"):
        for name in files:
            for module in referenced(read(os.path.join(root, name))):
                reached_by[module] = {"runtime"}
    return {module: next(iter(owners)) for module, owners in reached_by.items() if len(owners) == 1 and "runtime" not in owners}


def index_lines_of(types_index, modules):
    """Which lines of `types/mod.rs` are these modules', each with its `#[cfg]` line."""
    lines = types_index.splitlines()
    kept = set()
    for number, line in enumerate(lines):
        match = re.match(r"\s*(?:pub use super::|pub use |mod )(\w+)", line)
        if match and match.group(1) in modules:
            if number > 0 and lines[number - 1].strip().startswith("#[cfg"):
                kept.add(number - 1)
            kept.add(number)
    return sorted(kept)


def write_base(src, out, types_index, moved, tls_in_base):
    shutil.copytree(f"{src}/src", f"{out}/base/src", ignore=shutil.ignore_patterns("operation"))
    for root, _, files in os.walk(f"{out}/base/src"):
        for name in files:
            path = os.path.join(root, name)
            write(path, read(path).replace("pub(crate) ", "pub "))
    for module in moved:
        os.remove(f"{out}/base/src/types/{module}.rs")
    dropped = set(index_lines_of(types_index, set(moved)))
    lines = types_index.splitlines()
    write(f"{out}/base/src/types/mod.rs", "".join(line + "\n" for number, line in enumerate(lines) if number not in dropped))
    write(f"{out}/base/src/lib.rs", read(f"{out}/base/src/lib.rs").replace("pub mod operation;\n", ""))
    manifest = read(f"{src}/Cargo.toml")
    features = manifest[manifest.index("[features]") : manifest.index("[dependencies]")]
    features = features.replace('default = ["ureq"]', 'default = ["client", "ureq"]' if tls_in_base else 'default = ["client"]')
    write(
        f"{out}/base/Cargo.toml",
        '[package]\nname = "ec2-base"\nversion = "0.1.0"\nedition = "2024"\n\n'
        + features
        + manifest[manifest.index("[dependencies]") :],
    )


CLIENT_METHODS = re.compile(r'#\[cfg\(feature = "client"\)\]\nimpl crate::runtime::client::Client \{\n(.*?)\n\}\n', re.S)


def write_operations(src, out, index, modules, types_index, type_module, moved):
    crate = f"{out}/ops{index}"
    traits = []
    for module in modules:
        count = 0

        def as_trait(match):
            nonlocal count
            body = re.sub(r"\n    pub fn ", "\n    fn ", "\n" + match.group(1))[1:]
            signatures = ["    fn " + signature.strip() + ";" for signature in re.findall(r"\n    fn ([^{]*?)\{", "\n" + body, re.S)]
            name = "ClientCalls" + "".join(word.capitalize() for word in module.split("_")) + str(count)
            count += 1
            traits.append(f"    pub use crate::operation::{module}::{name} as _;\n")
            return (
                f"pub trait {name} {{\n" + "\n".join(signatures) + "\n}\n"
                f'#[cfg(feature = "client")]\nimpl {name} for crate::runtime::client::Client {{\n{body}\n}}\n'
            )

        write(f"{crate}/src/operation/{module}.rs", CLIENT_METHODS.sub(as_trait, read(f"{src}/src/operation/{module}.rs")))
    write(f"{crate}/src/operation/mod.rs", "".join(f"pub mod {module};\n" for module in modules))

    mine = sorted(module for module, owner in moved.items() if owner == index)
    types = ["#![allow(deprecated)]", "pub use ec2_base::types::*;"]
    for module in mine:
        write(f"{crate}/src/types/{module}.rs", read(f"{src}/src/types/{module}.rs").replace("pub(crate) ", "pub "))
        types.append(f"mod {module};")
        types.extend(f"pub use {module}::{name};" for name, owner in type_module.items() if owner == module)
    lines = types_index.splitlines()
    numbers = index_lines_of(types_index, set(mine))
    builders = [lines[n] for n in numbers if "super::" in lines[n] or (n + 1 in numbers and "super::" in lines[n + 1])]
    types += ["pub mod builders {", "    pub use ec2_base::types::builders::*;", *builders, "}"]
    write(f"{crate}/src/types/mod.rs", "\n".join(types) + "\n")

    write(
        f"{crate}/src/lib.rs",
        "#![allow(deprecated, unused_imports)]\n"
        "pub use ec2_base::{runtime, endpoint, BuildError, DateTime, Error, IntoMember, Operation, API_VERSION,"
        " CallError, CallErrorKind, Client, Config, ConfigBuilder, ConfigError, Credentials, ProvideCredentials};\n"
        "pub mod operation;\npub mod types;\n"
        "pub mod prelude {\n" + "".join(traits) + "}\n",
    )
    write(
        f"{crate}/Cargo.toml",
        f'[package]\nname = "ec2-ops{index}"\nversion = "0.1.0"\nedition = "2024"\n\n'
        '[features]\ndefault = ["client"]\nclient = []\n\n'
        '[dependencies]\nec2-base = { path = "../base" }\n',
    )


def write_facade(out, count):
    crates = range(count)
    lib = "pub use ec2_base::*;\n"
    lib += "pub mod types {\n    pub use ec2_base::types::*;\n" + "".join(f"    pub use ec2_ops{i}::types::*;\n" for i in crates) + "}\n"
    lib += "pub mod operation {\n" + "".join(f"    pub use ec2_ops{i}::operation::*;\n" for i in crates) + "}\n"
    lib += "pub mod prelude {\n" + "".join(f"    pub use ec2_ops{i}::prelude::*;\n" for i in crates) + "}\n"
    # The transport the facade would hold, so that it builds after ureq.
    lib += "pub fn agent() -> ureq::Agent {\n    ureq::Agent::new_with_defaults()\n}\n"
    write(f"{out}/ec2/src/lib.rs", lib)
    write(
        f"{out}/ec2/Cargo.toml",
        '[package]\nname = "ec2"\nversion = "0.1.0"\nedition = "2024"\n\n[dependencies]\n'
        'ec2-base = { path = "../base" }\n'
        'ureq = { version = "3", default-features = false, features = ["rustls"] }\n'
        + "".join(f'ec2-ops{i} = {{ path = "../ops{i}" }}\n' for i in crates),
    )
    write(f"{out}/ours/src/main.rs", "use ec2::prelude::*;\n" + read(f"{HERE}/ours/src/main.rs"))
    packages = ["ec2", "ec2-base"] + [f"ec2-ops{i}" for i in crates]
    write(
        f"{out}/ours/Cargo.toml",
        '[package]\nname = "ours"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n'
        '[dependencies]\nec2 = { path = "../ec2" }\n\n'
        + "".join(f"[profile.dev.package.{package}]\nincremental = false\n" for package in packages)
        + "\n[workspace]\n",
    )
    shutil.copy(f"{HERE}/ours/Cargo.lock", f"{out}/ours/Cargo.lock")


if __name__ == "__main__":
    main()
