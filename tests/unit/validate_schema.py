#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Validate sclog policies as the `linux.seccomp` object of the OCI
runtime-spec schema (config-linux.json, with its $refs to defs-linux.json and
defs.json resolved locally).

    validate_schema.py [--schema-dir DIR] POLICY.json|DIR...

A DIR argument stands for the policy-*.json files in it.  The schema does not
forbid unknown keys, but runtimes silently ignore them (a policy with
"archMap" or "name" instead of "architectures"/"names" is quietly wrong), so
keys the schema does not define are reported too.

Exit status: 0 all valid, 1 a policy is invalid, 2 usage error (or no policy
found), 77 the schema directory or python3-jsonschema is missing (a skip).
"""
import argparse
import glob
import json
import os
import sys

SKIP = 77


def load_validator(schema_dir):
    try:
        import jsonschema
    except ImportError:
        print("validate_schema: python3-jsonschema is not installed: skipping",
              file=sys.stderr)
        sys.exit(SKIP)

    docs = {}
    for name in ("config-linux.json", "defs-linux.json", "defs.json"):
        path = os.path.join(schema_dir, name)
        if not os.path.isfile(path):
            print(f"validate_schema: no {path}: skipping", file=sys.stderr)
            sys.exit(SKIP)
        with open(path, encoding="utf-8") as f:
            docs[name] = json.load(f)

    base = "file://" + os.path.abspath(schema_dir) + "/"
    # The runtime-spec schema files are draft-04 (config-schema.json says so).
    root = {"$ref": base + "config-linux.json#/linux/properties/seccomp"}
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        registry = Registry().with_resources(
            (base + name, Resource.from_contents(doc, default_specification=DRAFT4))
            for name, doc in docs.items())
        validator = jsonschema.Draft4Validator(root, registry=registry)
    except ImportError:  # jsonschema < 4.18
        resolver = jsonschema.RefResolver(
            base_uri=base, referrer=root,
            store={base + name: doc for name, doc in docs.items()})
        validator = jsonschema.Draft4Validator(root, resolver=resolver)

    seccomp = docs["config-linux.json"]["linux"]["properties"]["seccomp"]
    known = {
        "seccomp": set(seccomp["properties"]),
        "syscall": set(docs["defs-linux.json"]["definitions"]["Syscall"]["properties"]),
    }
    return validator, known


def problems(doc, validator, known):
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in err.path) or "(top)"
        yield f"{where}: {err.message}"
    if isinstance(doc, dict):
        for key in sorted(set(doc) - known["seccomp"]):
            yield f"(top): key {key!r} is not defined by the schema"
        for i, rule in enumerate(doc.get("syscalls") or []):
            if isinstance(rule, dict):
                for key in sorted(set(rule) - known["syscall"]):
                    yield f"syscalls/{i}: key {key!r} is not defined by the schema"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_dir = os.path.normpath(
        os.path.join(here, "..", "..", "..", "shared", "data", "oci-runtime-spec-schema"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--schema-dir", default=default_dir)
    ap.add_argument("policies", nargs="+")
    args = ap.parse_args()

    files = []
    for p in args.policies:
        if os.path.isdir(p):
            files += sorted(glob.glob(os.path.join(p, "policy-*.json")))
        else:
            files.append(p)
    if not files:
        print("validate_schema: no policy files given or found", file=sys.stderr)
        return 2

    validator, known = load_validator(args.schema_dir)
    bad = 0
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{path}: cannot read: {e}")
            bad += 1
            continue
        found = list(problems(doc, validator, known))
        for p in found:
            print(f"{path}: {p}")
        bad += bool(found)
        if not found:
            print(f"{path}: valid")
    print(f"{len(files) - bad} of {len(files)} valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
