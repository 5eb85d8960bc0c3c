// SPDX-License-Identifier: GPL-2.0-only
/* containerd's `ctr run` command lines, understood and rewritten. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cmdline_cases.h"

static const struct cmdline_case cases[] = {
	{ "image, id, command",
	  { "ctr", "run", "--rm", "docker.io/library/x:1", "c1", "sh", "-c", "exit 3", END },
	  0,
	  CTR,
	  .id = "c1",
	  .measured = "runc",
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "--rm",
			 "docker.io/library/x:1", "c1", "sh", "-c", "exit 3", END } },
	{ "global options with values, --rootfs",
	  { "/usr/bin/ctr", "-a", "/s.sock", "--namespace=ns", "-debug", "run", "--rootfs",
	    "--read-only", "-env", "A=1", "/r", "c2", END },
	  0,
	  CTR,
	  .id = "c2",
	  .nnp = 1,
	  .rewritten = { "/usr/bin/ctr", "-a", "/s.sock", "--namespace=ns", "-debug", "run",
			 "--seccomp", "--seccomp-profile", "P", "--rootfs", "--read-only", "-env",
			 "A=1", "/r", "c2", END } },
	{ "the command's own options are not ctr's",
	  { "ctr", "run", "img", "c3", "-d", "--config", "x", "--seccomp", END },
	  0,
	  CTR,
	  .id = "c3",
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "img", "c3", "-d",
			 "--config", "x", "--seccomp", END } },
	{ "seccomp options replaced",
	  { "ctr", "run", "--seccomp", "-seccomp-profile", "/p.json", "--tty", "img", "c4", END },
	  0,
	  CTR,
	  .id = "c4",
	  .seccomp = "/p.json",
	  .seccomp_flag = 1,
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "--tty", "img", "c4",
			 END } },
	{ "--seccomp=false, --seccomp-profile=FILE",
	  { "ctr", "run", "--seccomp=false", "--seccomp-profile=/q", "img", "c5", END },
	  0,
	  CTR,
	  .id = "c5",
	  .seccomp = "/q",
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "img", "c5", END } },
	{ "--allow-new-privs, crun as the shim's runtime, -- before the operands",
	  { "ctr", "run", "--allow-new-privs", "--runc-binary", "/usr/bin/crun", "--", "img", "c6",
	    END },
	  0,
	  CTR,
	  .id = "c6",
	  .oci_runtime = "/usr/bin/crun",
	  .measured = "crun",
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "--allow-new-privs",
			 "--runc-binary", "/usr/bin/crun", "--", "img", "c6", END } },
	{ "crun's run.oci.seccomp* annotations left out",
	  { "ctr", "run", "--annotation", "run.oci.seccomp.receiver=/s", "--annotation", "a=b",
	    "img", "c7", END },
	  0,
	  CTR,
	  .id = "c7",
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "--annotation", "a=b",
			 "img", "c7", END } },
	{ "--detach", { "ctr", "run", "-d", "img", "c", END }, -EOPNOTSUPP, .msg = "foreground" },
	{ "--config",
	  { "ctr", "run", "--config", "s.json", "c", END },
	  -EOPNOTSUPP,
	  .msg = "ignores --seccomp-profile" },
	{ "another verb",
	  { "ctr", "-n", "x", "task", "start", "c", END },
	  -EOPNOTSUPP,
	  .msg = "not 'ctr task'" },
	{ "no id", { "ctr", "run", "--rm", "img", END }, -EINVAL, .msg = "and a container id" },
	{ "missing value",
	  { "ctr", "run", "--env", END },
	  -EINVAL,
	  .msg = "'--env' of ctr needs a value" },
};

static void test_ctr(void **state)
{
	(void)state;
	cmdline_cases_run(cases, sizeof(cases) / sizeof(cases[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
