# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the install tests on top of tests/lib.sh. Each test sources
# this file.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

: "${SCLOG:?SCLOG must point to the built sclog binary}"
: "${SRCDIR:?SRCDIR must point to the source tree}"

# A policy file to convert (any valid one).
POLICY=$SRCDIR/policies/examples/true.json
