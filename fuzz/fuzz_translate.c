// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target of the architecture translation table reader
 * (policies/arch-translate.json, which SCLOG_DATADIR or a packager's copy
 * can replace) and of the translation it drives.  The input is the table's
 * text, passed with its exact length (no NUL after it).  On success a small
 * x86_64 policy is translated with it: the result must cover the table's
 * target architecture and name only calls libseccomp knows there, with a
 * note list that is never NULL; on any failure there must be a message.
 */
#include <seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "sclog/basic/arch.h"
#include "sclog/policy/policy.h"
#include "sclog/policy/translate.h"

static struct sclog_policy *sample_policy(void)
{
	static char *names[] = { "open", "stat", "read", "arch_prctl", "mkdir", "openat" };
	static struct sclog_arg arg = { .index = 1, .value = 0, .op = SCMP_CMP_EQ };
	struct sclog_action def = { .kind = SCLOG_ACT_ERRNO, .errno_ret = 1 };
	struct sclog_rule plain = { .names = names,
				    .n_names = 6,
				    .action = { .kind = SCLOG_ACT_ALLOW } };
	struct sclog_rule cond = { .names = names,
				   .n_names = 1,
				   .action = { .kind = SCLOG_ACT_ALLOW },
				   .args = &arg,
				   .n_args = 1 };
	struct sclog_policy *p = sclog_policy_new(&def);

	if (!p || sclog_policy_add_arch(p, sclog_arch_from_oci_name("SCMP_ARCH_X86_64")) < 0 ||
	    sclog_policy_add_rule(p, &plain, NULL) < 0 || sclog_policy_add_rule(p, &cond, NULL) < 0)
		abort();
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sclog_translate_table *t = NULL;
	struct sclog_policy *p, *out = NULL;
	struct sclog_error err = { 0 };
	char **notes = NULL;
	char *buf = malloc(size ? size : 1);
	int r;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	r = sclog_translate_parse(buf, size, "fuzz", &t, &err);
	free(buf);
	if (r < 0) {
		if (!err.msg[0])
			fuzz_fail("parse failed (%d) without a message", r);
		return 0;
	}
	p = sample_policy();
	r = sclog_translate_policy(p, t, &out, &notes, &err);
	if (r < 0 && !err.msg[0])
		fuzz_fail("translation failed (%d) without a message", r);
	if (r == 0) {
		uint32_t to = sclog_translate_target(t);

		if (!notes || !sclog_policy_covers(out, to))
			fuzz_fail("no notes, or the target architecture is not covered");
		for (size_t i = 0; i < out->n_rules; i++)
			for (size_t k = 0; k < out->rules[i].n_names; k++)
				if (!sclog_syscall_on_arch(to, out->rules[i].names[k]))
					fuzz_fail("%s is not a call of the target",
						  out->rules[i].names[k]);
		sclog_strv_free(notes);
		sclog_policy_free(out);
	}
	sclog_policy_free(p);
	sclog_translate_table_free(t);
	return 0;
}
