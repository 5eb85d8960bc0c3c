// SPDX-License-Identifier: GPL-2.0-only
/* Test program, built 32-bit and static (gcc -m32 or -mx32, arm-linux-gnueabihf-gcc): a
 * 32-bit child of a 64-bit program. */
#include <unistd.h>

int main(void)
{
	static const char msg[] = "hello from a 32-bit child\n";

	return write(1, msg, sizeof(msg) - 1) == sizeof(msg) - 1 ? 0 : 1;
}
