#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog check --container --backend notify`: t_inplace_check's proof with
# the notify collector.  The runtime loads the check profile (what the
# policy allows allowed, the rest SCMP_ACT_NOTIFY) and sends its listener
# to sclog (linux.seccomp.listenerPath); for runc and podman, runc's form
# of it, which holds write only because the policy allows it.
IP_CHECK_BACKEND=notify
. "$(dirname "$0")/t_inplace_check.sh"
