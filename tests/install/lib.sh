# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers of the install tests. Each test sources this file.
set -euo pipefail

: "${SCLOG:?SCLOG must point to the built sclog binary}"
: "${SRCDIR:?SRCDIR must point to the source tree}"

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "PASS: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/sclog-install.XXXXXX")
trap 'rm -rf "$T"' EXIT

# A policy file to convert (any valid one).
POLICY=$SRCDIR/policies/examples/true.json
