// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: N threads created one after the other while an interval
 * timer sends SIGALRM every 50 us to a handler without SA_RESTART, the
 * creating thread's signals unblocked: under the notify collector a call
 * can fail with EINTR before sclog receives it.  glibc (2.35+) registers
 * rseq in every new thread and aborts ("rseq registration failed") when
 * that fails.  pthread_create blocks every signal around clone3, so that
 * the thread starts with them blocked, but does not check that block: when
 * a signal fails its rt_sigprocmask, the thread's registration can fail
 * too, and the command dies (SIGABRT).  Each thread then unblocks SIGALRM
 * and makes R rseq calls of its own (arguments the kernel refuses, EINVAL),
 * counting those that failed with EINTR: whether a signal can reach rseq.
 * Prints {"threads": N, "created": C, "rseq_eintr": E} and exits 0.
 *   threadstorm N [R]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static long rseq_calls;
static long rseq_eintr;

static void on_alarm(int sig)
{
	(void)sig;
}

/* Under notify rt_sigprocmask itself can fail so: until it holds. */
static void mask(int how)
{
	sigset_t alrm;

	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	while (pthread_sigmask(how, &alrm, NULL) == EINTR)
		;
}

static void *thread_main(void *arg)
{
	long eintr = 0;

	/* glibc starts a thread with every signal blocked. */
	mask(SIG_UNBLOCK);
	for (long i = 0; i < rseq_calls; i++)
		if (syscall(SYS_rseq, NULL, 0, 0, 0) < 0 && errno == EINTR)
			eintr++;
	mask(SIG_BLOCK);
	__atomic_fetch_add(&rseq_eintr, eintr, __ATOMIC_RELAXED);
	return arg;
}

int main(int argc, char **argv)
{
	struct itimerval it = { .it_interval = { 0, 50 }, .it_value = { 0, 50 } };
	long n = argc > 1 ? atol(argv[1]) : 1000, created = 0;
	struct sigaction sa;

	rseq_calls = argc > 2 ? atol(argv[2]) : 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (long i = 0; i < n; i++) {
		pthread_t t;

		/* A failed mmap or clone3 (EINTR) is EAGAIN here. */
		if (pthread_create(&t, NULL, thread_main, NULL) != 0)
			continue;
		pthread_join(t, NULL);
		created++;
	}
	/* The tally's write must not fail either. */
	mask(SIG_BLOCK);
	printf("{\"threads\": %ld, \"created\": %ld, \"rseq_eintr\": %ld}\n", n, created,
	       rseq_eintr);
	return 0;
}
