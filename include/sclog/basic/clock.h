/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_CLOCK_H
#define SCLOG_BASIC_CLOCK_H

#include <time.h>

/* Seconds on the monotonic clock, for durations and deadlines. */
static inline double sclog_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
