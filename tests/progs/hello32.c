// SPDX-License-Identifier: GPL-2.0-only
/* Test program, built with gcc -m32 -static: a 32-bit child. */
#include <unistd.h>

int main(void)
{
	static const char msg[] = "hello from i386\n";

	return write(1, msg, sizeof(msg) - 1) == sizeof(msg) - 1 ? 0 : 1;
}
