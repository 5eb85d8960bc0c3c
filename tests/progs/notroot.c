// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in for servers that refuse to run as root (postgres: "root"
 * execution of the PostgreSQL server is not permitted"): exits 1 as root;
 * otherwise prints its credentials and login variables, the way the tests
 * of --user compare them with runuser's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	gid_t groups[256];
	int n;

	if (geteuid() == 0) {
		fprintf(stderr, "notroot: refusing to run as root\n");
		return 1;
	}
	n = getgroups(256, groups);
	printf("uid=%d euid=%d gid=%d egid=%d groups=", (int)getuid(), (int)geteuid(),
	       (int)getgid(), (int)getegid());
	for (int i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", (int)groups[i]);
	printf("\nHOME=%s\nUSER=%s\nLOGNAME=%s\n", getenv("HOME") ? getenv("HOME") : "-",
	       getenv("USER") ? getenv("USER") : "-", getenv("LOGNAME") ? getenv("LOGNAME") : "-");
	return 0;
}
