// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: N threads, each making a syscall nobody else makes.  A
 * barrier makes the futex calls deterministic, so the syscall set is the
 * same however the threads are scheduled.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t barrier;

static void *worker(void *arg)
{
	cpu_set_t set;
	struct rusage ru;

	(void)arg;
	pthread_barrier_wait(&barrier);
	/* Distinctive calls, made only from threads. */
	syscall(SYS_sched_getaffinity, 0, sizeof(set), &set);
	syscall(SYS_getrusage, RUSAGE_THREAD, &ru);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 8;
	pthread_t t[256];

	if (n < 1 || n > 256)
		return 2;
	pthread_barrier_init(&barrier, NULL, (unsigned)n + 1);
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0)
			return 1;
	pthread_barrier_wait(&barrier);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}
