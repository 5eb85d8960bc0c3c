// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: a command that allocates and exits while signals arrive.
 * An interval timer sends SIGALRM every 50 us to a handler without
 * SA_RESTART, so that under the notify collector a notified call can fail
 * with EINTR before sclog receives it.  Each of N rounds grows the heap
 * with small mallocs and frees them with the heap trimmed (brk up, then
 * down); then C children, each under its own storm, allocate and _exit
 * (exit_group, and exit when that fails), and T threads end (exit) with
 * the signal blocked.
 * Prints {"rounds": N, "children": C, "threads": T, "failed": F} and exits
 * 1 when a child did not end with status 0 (F counts them), else 0.
 *   allocstorm N [C [T]]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define BLOCKS 2048

static void on_alarm(int sig)
{
	(void)sig;
}

static void storm(void)
{
	struct itimerval it = { .it_interval = { 0, 50 }, .it_value = { 0, 50 } };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

/* Grow the heap by about 1 MiB in small blocks, write them, free them,
 * and give the memory back (brk down). */
static void round_trip(void)
{
	static char *blocks[BLOCKS];

	for (int i = 0; i < BLOCKS; i++) {
		blocks[i] = malloc(512);
		if (!blocks[i]) {
			fprintf(stderr, "allocstorm: malloc: %m\n");
			_exit(3);
		}
		memset(blocks[i], i, 512);
	}
	for (int i = 0; i < BLOCKS; i++)
		free(blocks[i]);
	malloc_trim(0);
}

static void *thread_main(void *arg)
{
	free(malloc(64));
	return arg;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200, children = argc > 2 ? atol(argv[2]) : 20;
	long threads = argc > 3 ? atol(argv[3]) : 20, failed = 0;
	sigset_t alrm;

	/* Small steps: every round moves the break several times. */
	mallopt(M_TOP_PAD, 0);
	mallopt(M_TRIM_THRESHOLD, 0);
	mallopt(M_MMAP_MAX, 0);
	storm();
	for (long i = 0; i < n; i++)
		round_trip();
	for (long i = 0; i < children; i++) {
		pid_t pid;
		int status;

		/* Under notify a signal can fail fork itself (EINTR). */
		while ((pid = fork()) < 0 && errno == EINTR)
			;

		if (pid == 0) {
			storm();
			round_trip();
			_exit(0);
		}
		while (pid > 0 && waitpid(pid, &status, 0) < 0)
			;
		if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "allocstorm: child %ld: %s %d\n", i,
				pid < 0		  ? "fork" :
				WIFEXITED(status) ? "exit" :
						    "signal",
				pid < 0		  ? errno :
				WIFEXITED(status) ? WEXITSTATUS(status) :
						    WTERMSIG(status));
			failed++;
		}
	}
	/* Blocked from here: the tally's write must not fail (threadstorm
	 * makes threads under a storm).  The threads still end with exit. */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	while (sigprocmask(SIG_BLOCK, &alrm, NULL) < 0 && errno == EINTR)
		;
	for (long i = 0; i < threads; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, thread_main, NULL) == 0)
			pthread_join(t, NULL);
	}
	printf("{\"rounds\": %ld, \"children\": %ld, \"threads\": %ld, \"failed\": %ld}\n", n,
	       children, threads, failed);
	return failed ? 1 : 0;
}
