/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_NOTIFY_PROBE_H
#define SCLOG_COLLECT_NOTIFY_PROBE_H

#include <stddef.h>

#include "sclog/collect/probe.h"

/*
 * Checks for doctor: the USER_NOTIF action, and end to end a child whose
 * getppid() must reach a listener and be answered with CONTINUE.  Fills
 * at most @max entries of @checks and returns how many.
 */
size_t sclog_notify_probe(struct sclog_check *checks, size_t max);

#endif
