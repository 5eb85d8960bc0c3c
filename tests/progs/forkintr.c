// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: N fork()s of children that exit at once, with a SIGCHLD
 * handler installed without SA_RESTART (as dash does).  Natively fork()
 * never fails with EINTR (the kernel restarts it); under a seccomp
 * user-notification filter a signal that arrives before the supervisor has
 * received the call makes it fail so.  Prints {"forks": N, "eintr": K} and
 * exits 0.  With "hang", the first fork() that fails so prints "hang" and
 * waits for ever instead, as a pipe's reader does when the shell's close()
 * of its write end failed so.  SIGCHLD is blocked before anything is
 * printed: under notify a signal can fail the write() with EINTR too, and
 * the line would be lost.
 *   forkintr N [hang]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_child(int sig)
{
	(void)sig;
}

/* Under notify sigprocmask() itself can fail so: until it holds. */
static void block(const sigset_t *set)
{
	while (sigprocmask(SIG_BLOCK, set, NULL) < 0 && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000, eintr = 0, alive = 0;
	int hang = argc > 2 && !strcmp(argv[2], "hang");
	struct sigaction sa;
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_child;
	if (sigaction(SIGCHLD, &sa, NULL) < 0)
		return 2;
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0 && errno != EINTR) {
			perror("fork");
			return 2;
		}
		if (pid < 0 && hang) {
			block(&chld);
			printf("hang\n");
			fflush(stdout);
			for (;;)
				pause();
		}
		if (pid < 0)
			eintr++;
		else
			alive++;
		/* Keep a few children exiting while the next fork() waits. */
		while (alive > 16 && waitpid(-1, NULL, WNOHANG) > 0)
			alive--;
	}
	block(&chld);
	while (wait(NULL) > 0)
		;
	printf("{\"forks\": %ld, \"eintr\": %ld}\n", n, eintr);
	return 0;
}
