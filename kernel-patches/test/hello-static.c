// SPDX-License-Identifier: GPL-2.0
/*
 * hello-static: the target that the guest test profiles with "sclog run".
 *
 * The 64-bit build prints a marker, writes a line, then runs the 32-bit
 * build (/hello-static-32, if the initramfs has one) in a child, so that
 * the profile must cover both system call ABIs.  The markers tell the test
 * whether the target started at all.  With --getpgid (64-bit build) it
 * first calls getpgid, which its profile does not have, for "sclog enforce".
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
#ifdef __i386__
	(void)argc;
	(void)argv;
	printf("HELLO-STATIC-32-STARTED\n");
	return 0;
#else
	pid_t pid;
	int status;

	printf("HELLO-STATIC-STARTED\n");
	fflush(stdout);
	if (argc > 1 && !strcmp(argv[1], "--getpgid")) {
		printf("CALLING-GETPGID\n");
		fflush(stdout);
		syscall(SYS_getpgid, 0);
		printf("SURVIVED-GETPGID\n");
		fflush(stdout);
	}
	if (access("/hello-static-32", X_OK) == 0) {
		pid = fork();
		if (pid == 0) {
			execl("/hello-static-32", "hello-static-32",
			      (char *)NULL);
			_exit(127);
		}
		if (pid > 0)
			waitpid(pid, &status, 0);
	}
	return 0;
#endif
}
