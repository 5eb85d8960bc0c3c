#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Validate SeccompProfile objects (sclog export --format spo) against the
security-profiles-operator's CustomResourceDefinition: the openAPIV3Schema of
the version their apiVersion names, and metadata.name as a Kubernetes object
name.  The CRD is reference data kept outside the repository (its source and
licence are in its README); without it, or without python3-yaml and
python3-jsonschema, exit 77 with the reason.
Usage: validate_spo.py --crd FILE OBJECT.yaml...
"""
import argparse
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print("SKIP: %s (apt-get install python3-yaml python3-jsonschema)" % e)
    sys.exit(77)

ap = argparse.ArgumentParser()
ap.add_argument("--crd", required=True)
ap.add_argument("objects", nargs="+")
args = ap.parse_args()
try:
    crd = yaml.safe_load(open(args.crd))
except OSError as e:
    print("SKIP: no SeccompProfile CRD: %s" % e)
    sys.exit(77)
schemas = {crd["spec"]["group"] + "/" + v["name"]: v["schema"]["openAPIV3Schema"]
           for v in crd["spec"]["versions"]}
NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
bad = 0
for path in args.objects:
    obj = yaml.safe_load(open(path))
    schema = schemas.get(obj.get("apiVersion"))
    try:
        if schema is None:
            raise jsonschema.ValidationError("unknown apiVersion %r" % obj.get("apiVersion"))
        if obj.get("kind") != crd["spec"]["names"]["kind"]:
            raise jsonschema.ValidationError("kind %r" % obj.get("kind"))
        name = obj.get("metadata", {}).get("name", "")
        if not NAME.match(name) or len(name) > 253:
            raise jsonschema.ValidationError("metadata.name %r is not a Kubernetes name" % name)
        jsonschema.validate(obj, schema)
    except jsonschema.ValidationError as e:
        print("%s: %s" % (path, e.message), file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
