// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: a fork and thread storm that keeps its own tally of the
 * syscalls it makes on purpose, so a profile's counts can be checked
 * against an independent count.
 *   forkstorm CHILDREN THREADS [EXEC_EVERY [EXEC_PATH]]
 * Each child calls getppid() 3 times and exits at once; every second child
 * first renames itself (prctl PR_SET_NAME); every EXEC_EVERY-th child execs
 * EXEC_PATH (default: itself) as "forkstorm --exec-child", which calls
 * getpgid() 5 times.  Each thread calls getpriority() 7 times.  The tally is
 * printed on stdout as JSON: {"getppid": N, "prctl": N, ...}.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
	(void)arg;
	for (int i = 0; i < 7; i++)
		syscall(SYS_getpriority, PRIO_PROCESS, 0);
	return NULL;
}

int main(int argc, char **argv)
{
	long children, threads, exec_every, execs = 0, renames = 0;
	const char *exec_path;
	pthread_t t[256];

	if (argc == 2 && strcmp(argv[1], "--exec-child") == 0) {
		for (int i = 0; i < 5; i++)
			syscall(SYS_getpgid, 0);
		return 0;
	}
	if (argc < 3)
		return 2;
	children = atol(argv[1]);
	threads = atol(argv[2]);
	exec_every = argc > 3 ? atol(argv[3]) : 10;
	exec_path = argc > 4 ? argv[4] : "/proc/self/exe";
	if (threads < 0 || threads > 256 || children < 0 || exec_every <= 0)
		return 2;

	for (long i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, thread_main, NULL) != 0)
			return 1;
	for (long i = 0; i < children; i++) {
		int do_exec = i % exec_every == 0, do_rename = i % 2 == 1;
		pid_t pid;

		/* The tally is kept by the parent, which knows what each child
		 * will do; the children only do it. */
		execs += do_exec;
		renames += do_rename;
		pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			char name[16];

			if (do_rename) {
				snprintf(name, sizeof(name), "storm-%d", (int)(i % 100000));
				prctl(PR_SET_NAME, name, 0, 0, 0);
			}
			for (int k = 0; k < 3; k++)
				syscall(SYS_getppid);
			if (do_exec) {
				char *const args[] = { "forkstorm", "--exec-child", NULL };

				execv(exec_path, args);
				_exit(127);
			}
			_exit(0);
		}
	}
	for (long i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	while (wait(NULL) > 0)
		;
	printf("{\"getppid\": %ld, \"prctl\": %ld, \"getpgid\": %ld, \"getpriority\": %ld}\n",
	       3 * children, renames, 5 * execs, 7 * threads);
	return 0;
}
