// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: N getppid() calls while an interval timer sends SIGALRM
 * every 50 us to an SA_RESTART handler, so signals keep arriving while a
 * call waits for a seccomp user-notification answer (the wait is ended and
 * the call restarted).  With "norestart" the handler lacks SA_RESTART, so
 * such a call fails with EINTR instead (counted, not made again).  Prints
 * its tally: {"getppid": N, "signals": K, "eintr": E}.  While the timer
 * runs, the only calls are getppid and the handler's return (the signal
 * is blocked before anything else), so a crash under the storm can only
 * be the return's.  With "nodefer" (SA_NODEFER) a signal can also reach
 * the handler's return: a handler blocks its own signal until
 * rt_sigreturn has restored the mask, so without it no SIGALRM ever
 * interrupts that call.  With N = 0 the handler is installed and no timer
 * started: a program with a handler that no signal reaches.
 *   sigstorm N [norestart] [nodefer]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t signals;

static void on_alarm(int sig)
{
	(void)sig;
	signals++;
}

/* Whether one of the options after N is @opt. */
static int option(int argc, char **argv, const char *opt)
{
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], opt) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	struct itimerval it = { .it_interval = { 0, 50 }, .it_value = { 0, 50 } };
	struct sigaction sa;
	sigset_t alrm;
	long eintr = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = (option(argc, argv, "norestart") ? 0 : SA_RESTART) |
		      (option(argc, argv, "nodefer") ? SA_NODEFER : 0);
	sigaction(SIGALRM, &sa, NULL);
	if (n > 0)
		setitimer(ITIMER_REAL, &it, NULL);
	for (long i = 0; i < n; i++)
		if (syscall(SYS_getppid) < 0 && errno == EINTR)
			eintr++;
	/* Blocked before the timer stops and the tally is printed: under
	 * notify, with "norestart", a signal can fail those calls too (EINTR),
	 * sigprocmask() included, so it is retried until it holds. */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	while (sigprocmask(SIG_BLOCK, &alrm, NULL) < 0 && errno == EINTR)
		;
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	printf("{\"getppid\": %ld, \"signals\": %ld, \"eintr\": %ld}\n", n, (long)signals, eintr);
	return 0;
}
