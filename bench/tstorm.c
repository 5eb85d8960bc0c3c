// SPDX-License-Identifier: GPL-2.0-only
/* Benchmark workload: THREADS threads share N getppid() calls. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long per_thread;

static void *worker(void *arg)
{
	(void)arg;
	for (long i = 0; i < per_thread; i++)
		syscall(SYS_getppid);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 8;
	long calls = argc > 2 ? atol(argv[2]) : 1000000;
	pthread_t t[256];

	if (n < 1 || n > 256)
		return 2;
	per_thread = calls / n;
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0)
			return 1;
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}
