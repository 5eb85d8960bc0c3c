// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: set its comm to the bytes given in hex as argv[1] (so a test
 * can pass quotes, newlines and invalid UTF-8), then call getpriority().
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char name[16] = { 0 };
	size_t n;

	if (argc != 2 || (n = strlen(argv[1]) / 2) > 15)
		return 2;
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(argv[1] + 2 * i, "%2x", &v) != 1)
			return 2;
		name[i] = (char)v;
	}
	if (prctl(PR_SET_NAME, name, 0, 0, 0) < 0)
		return 1;
	syscall(SYS_getpriority, 0, 0);
	return 0;
}
