// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark workload that times itself: N getppid() calls (default
 * 1,000,000), then one line "WALL_NS CPU_NS", nanoseconds per call of wall
 * time and of CPU time (user + system).  On a loaded machine the CPU time
 * is the figure to compare: wall time also counts the wait for a CPU.
 * With "pause", it then waits for a signal (bench/bpfcost.sh reads the
 * recording's program while it is still attached).
 *   nscall [N [pause]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double wall_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	double w0, c0, w1, c1;

	if (n < 1)
		return 2;
	w0 = wall_seconds();
	c0 = cpu_seconds();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	c1 = cpu_seconds();
	w1 = wall_seconds();
	printf("%.1f %.1f\n", (w1 - w0) * 1e9 / n, (c1 - c0) * 1e9 / n);
	fflush(stdout);
	if (argc > 2 && !strcmp(argv[2], "pause"))
		pause();
	return 0;
}
