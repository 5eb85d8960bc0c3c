#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog check --container --backend bpf`: t_inplace_check's proof with the
# bpf collector.  The runtime loads an allow-all profile; the program counts
# the calls under it, and check leaves out what the policy allows.
IP_CHECK_BACKEND=bpf
. "$(dirname "$0")/t_inplace_check.sh"
