// SPDX-License-Identifier: GPL-2.0-only
/* Policies to classic BPF, through libseccomp. Computes only; launch.c loads. */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/policy/filter.h"

static void seccomp_releasep(scmp_filter_ctx *ctx)
{
	if (*ctx)
		seccomp_release(*ctx);
}

static uint32_t scmp_action(const struct sclog_action *a)
{
	switch (a->kind) {
	case SCLOG_ACT_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case SCLOG_ACT_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case SCLOG_ACT_TRAP:
		return SCMP_ACT_TRAP;
	case SCLOG_ACT_ERRNO:
		return SCMP_ACT_ERRNO(a->errno_ret);
	case SCLOG_ACT_LOG:
		return SCMP_ACT_LOG;
	case SCLOG_ACT_ALLOW:
		break;
	}
	return SCMP_ACT_ALLOW;
}

/* Architectures whose programs the native kernel also runs. */
static int add_compat_arches(scmp_filter_ctx ctx)
{
	uint32_t compat[4];
	size_t n = sclog_arch_compat(seccomp_arch_native(), compat, ELEMENTSOF(compat));

	for (size_t i = 0; i < n; i++) {
		int r = seccomp_arch_add(ctx, compat[i]);

		if (r < 0 && r != -EEXIST)
			return r;
	}
	return 0;
}

/* libseccomp 2.5 can export BPF only to a file descriptor.  A loadable
 * program is at most 32 KiB; a non-blocking pipe holds 64 KiB by default,
 * so one more byte read tells a too-long program, and an even longer one
 * fails to write instead of blocking. */
static int export(scmp_filter_ctx ctx, struct sclog_bpf *ret, struct sclog_error *err)
{
	char extra;
	int fds[2];
	ssize_t n = 0;
	int r;

	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return sclog_error_set(err, -errno, "cannot create a pipe: %m");
	_cleanup_close_ int rfd = fds[0];
	_cleanup_close_ int wfd = fds[1];

	r = seccomp_export_bpf(ctx, wfd);
	if (r == -EAGAIN || r == -ECANCELED)
		r = -E2BIG;
	if (r == 0) {
		n = read(rfd, ret->insns, sizeof(ret->insns));
		if (n == (ssize_t)sizeof(ret->insns) && read(rfd, &extra, 1) == 1)
			r = -E2BIG;
		else if (n <= 0 || n % (ssize_t)sizeof(struct sock_filter) != 0)
			return sclog_error_set(err, -EIO, "libseccomp exported a malformed filter");
	}
	if (r == -E2BIG)
		return sclog_error_set(err, r,
				       "the policy compiles to more than the kernel's %d "
				       "BPF instructions; use fewer argument conditions",
				       BPF_MAXINSNS);
	if (r < 0)
		return sclog_error_set(err, r, "libseccomp cannot export the filter: %s",
				       strerror(-r));
	ret->len = (unsigned short)(n / (ssize_t)sizeof(struct sock_filter));
	return 0;
}

/* Add @rule with @action for each of its names but those of @skip
 * (NULL-terminated, may be NULL). */
static int add_rule_but(scmp_filter_ctx ctx, uint32_t action, const struct sclog_rule *rule,
			const char *const *skip, struct sclog_error *err)
{
	struct scmp_arg_cmp cmp[6];

	for (size_t i = 0; i < rule->n_args && i < ELEMENTSOF(cmp); i++)
		cmp[i] = (struct scmp_arg_cmp){
			.arg = rule->args[i].index,
			.op = (enum scmp_compare)rule->args[i].op,
			.datum_a = rule->args[i].value,
			.datum_b = rule->args[i].value_two,
		};
	for (size_t i = 0; i < rule->n_names; i++) {
		int nr = seccomp_syscall_resolve_name(rule->names[i]), r, skipped = 0;

		for (size_t s = 0; skip && skip[s]; s++)
			skipped |= strcmp(rule->names[i], skip[s]) == 0;
		if (skipped)
			continue;
		if (nr == __NR_SCMP_ERROR)
			return sclog_error_set(err, -EINVAL, "unknown syscall name '%s'",
					       rule->names[i]);
		r = seccomp_rule_add_array(ctx, action, nr, (unsigned)rule->n_args, cmp);
		/* Absent on an architecture (-EDOM, -EOPNOTSUPP), or the
		 * default action already (-EACCES): nothing to add. */
		if (r < 0 && r != -EDOM && r != -EOPNOTSUPP && r != -EACCES)
			return sclog_error_set(err, r, "libseccomp cannot add a rule for '%s': %s",
					       rule->names[i], strerror(-r));
	}
	return 0;
}

static int cmp_arg(const void *a, const void *b)
{
	return sclog_arg_compare(a, b);
}

/*
 * A lower bound of the program libseccomp would make of @p: per
 * architecture, one jump per syscall it names there and one per distinct
 * argument comparison of that syscall (each must appear at least once).
 * libseccomp's own compilation of a policy far over the kernel's limit
 * takes minutes (quadratic in the rules of one syscall); this takes a
 * linear pass, so such a policy is refused at once.
 */
static long min_instructions(const struct sclog_policy *p, long limit)
{
	_cleanup_free_ uint32_t *arches = NULL;
	_cleanup_free_ struct sclog_arg *conds = NULL;
	_cleanup_(sclog_strv_freep) char **names = NULL;
	size_t cap = 0;
	long n_arches = sclog_policy_arches(p, &arches), n = sclog_policy_names(p, &names);
	long total = 0;

	if (n_arches < 0 || n < 0)
		return -ENOMEM;
	for (long i = 0; i < n && total <= limit; i++) {
		const uint32_t *rules;
		long n_rules = sclog_policy_rules_of(p, names[i], &rules), k = 0, distinct = 0;

		for (long r = 0; r < n_rules; r++) {
			const struct sclog_rule *rule = &p->rules[rules[r]];

			if ((size_t)k + rule->n_args > cap) {
				size_t ncap = 2 * ((size_t)k + rule->n_args);
				void *v = realloc(conds, ncap * sizeof(*conds));

				if (!v)
					return -ENOMEM;
				conds = v;
				cap = ncap;
			}
			if (rule->n_args)
				memcpy(&conds[k], rule->args, rule->n_args * sizeof(*conds));
			k += (long)rule->n_args;
		}
		if (k)
			qsort(conds, (size_t)k, sizeof(*conds), cmp_arg);
		for (long c = 0; c < k; c++)
			distinct += c == 0 || cmp_arg(&conds[c - 1], &conds[c]) != 0;
		for (long a = 0; a < n_arches; a++)
			if (seccomp_syscall_resolve_name_arch(arches[a], names[i]) >= 0)
				total += 1 + distinct;
	}
	return total;
}

static int add_rule(scmp_filter_ctx ctx, uint32_t action, const struct sclog_rule *rule,
		    struct sclog_error *err)
{
	return add_rule_but(ctx, action, rule, NULL, err);
}

/* Exactly @p's architectures, so a process of another one is bad-arch. */
static int set_arches(scmp_filter_ctx ctx, const struct sclog_policy *p)
{
	_cleanup_free_ uint32_t *arches = NULL;
	long n = sclog_policy_arches(p, &arches);
	int native_listed = 0, added = 0;

	if (n < 0)
		return (int)n;
	for (long i = 0; i < n; i++) {
		int r = seccomp_arch_add(ctx, arches[i]);

		/* The other byte order (-EDOM): libseccomp cannot mix them,
		 * and this kernel never runs such a program anyway. */
		if (r == -EDOM)
			continue;
		if (r < 0 && r != -EEXIST)
			return r;
		added++;
		native_listed |= arches[i] == seccomp_arch_native();
	}
	if (!added)
		return -ENOEXEC;
	return native_listed ? 0 : seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
}

static int too_big(const struct sclog_policy *p, struct sclog_error *err)
{
	long n = min_instructions(p, BPF_MAXINSNS);

	if (n < 0)
		return sclog_error_oom(err); /* its only failure */
	if (n > BPF_MAXINSNS)
		return sclog_error_set(err, -E2BIG,
				       "the policy compiles to more than the kernel's %d "
				       "BPF instructions (at least %ld); use fewer argument "
				       "conditions",
				       BPF_MAXINSNS, n);
	return 0;
}

int sclog_filter_build_collect(const struct sclog_policy *known, uint32_t collect,
			       const char *const *notify, struct sclog_bpf *ret,
			       struct sclog_error *err)
{
	if (known && too_big(known, err) < 0)
		return err->code;
	/* With @known, what it lets run runs, and everything it would stop
	 * (its default included, so deny-lists work too) is collected. */
	uint32_t def =
		known && sclog_action_permits(&known->default_action) ? SCMP_ACT_ALLOW : collect;
	_cleanup_(seccomp_releasep) scmp_filter_ctx ctx = seccomp_init(def);
	/* With a listener, the child's execve() must wait until sclog holds
	 * it: the child's copy is close-on-exec, and a listener nobody holds
	 * answers every call with ENOSYS.  So execve always reaches it.  And
	 * seccomp() always reaches sclog, even where @known allows it: the
	 * command's own filters hide calls from it (ownfilter.h). */
	const char *keep[3] = { NULL }, *collected[2] = { NULL };
	size_t n_keep = 0;
	int r;

	if (collect == SCMP_ACT_NOTIFY || notify)
		keep[n_keep++] = "execve";
	if (sclog_filter_seccomp_known(known))
		keep[n_keep++] = collected[0] = "seccomp";

	if (!ctx)
		return sclog_error_set(err, -ENOMEM, "libseccomp cannot create a filter");
	/* An unexpected architecture must be collected, never killed. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, collect);
	if (r == 0 && !known)
		r = add_compat_arches(ctx);
	if (r == 0 && known)
		r = set_arches(ctx, known);
	if (r == -ENOEXEC)
		return sclog_error_set(err, r,
				       "the policy covers no architecture this kernel runs "
				       "(only ones of the other byte order)");
	if (r < 0)
		return sclog_error_set(err, r, "libseccomp cannot set up the filter: %s",
				       strerror(-r));
	for (size_t i = 0; known && i < known->n_rules; i++) {
		uint32_t action =
			sclog_action_permits(&known->rules[i].action) ? SCMP_ACT_ALLOW : collect;

		if (add_rule_but(ctx, action, &known->rules[i], keep, err) < 0)
			return err->code;
	}
	if (collected[0]) {
		char *names[1] = { (char *)collected[0] };
		struct sclog_rule rule = { .names = names, .n_names = 1 };

		if (add_rule(ctx, collect, &rule, err) < 0)
			return err->code;
	}
	if (keep[0] && strcmp(keep[0], "execve") == 0) {
		char *names[1] = { (char *)keep[0] };
		struct sclog_rule rule = { .names = names, .n_names = 1 };

		if (add_rule(ctx, SCMP_ACT_NOTIFY, &rule, err) < 0)
			return err->code;
	}
	for (size_t i = 0; collect != SCMP_ACT_NOTIFY && notify && notify[i]; i++) {
		char *names[1] = { (char *)notify[i] };
		struct sclog_rule rule = { .names = names, .n_names = 1 };

		/* An unconditional rule would override what @known allows
		 * by argument; a call it does not allow is logged, by name. */
		if (known && sclog_policy_allows(known, seccomp_arch_native(), notify[i], NULL))
			continue;
		if (add_rule(ctx, SCMP_ACT_NOTIFY, &rule, err) < 0)
			return err->code;
	}
	return export(ctx, ret, err);
}

static int known_always(const struct sclog_policy *known, const char *name)
{
	int conditional = 1;

	return known && sclog_policy_allows(known, seccomp_arch_native(), name, &conditional) &&
	       !conditional;
}

int sclog_filter_execve_known(const struct sclog_policy *known)
{
	return known_always(known, "execve");
}

int sclog_filter_seccomp_known(const struct sclog_policy *known)
{
	return known_always(known, "seccomp");
}

int sclog_filter_build_profile(const struct sclog_policy *known, struct sclog_bpf *ret,
			       struct sclog_error *err)
{
	return sclog_filter_build_collect(known, SCMP_ACT_LOG, NULL, ret, err);
}

int sclog_filter_build_enforce(const struct sclog_policy *p, struct sclog_bpf *ret,
			       struct sclog_error *err)
{
	if (too_big(p, err) < 0)
		return err->code;

	_cleanup_(seccomp_releasep) scmp_filter_ctx ctx =
		seccomp_init(scmp_action(&p->default_action));

	if (!ctx)
		return sclog_error_set(err, -ENOMEM, "libseccomp cannot create a filter");
	for (size_t i = 0; i < p->n_arches; i++) {
		int r = seccomp_arch_add(ctx, p->arches[i]);

		/* The other byte order: never run by this kernel (see set_arches). */
		if (r < 0 && r != -EEXIST && r != -EDOM)
			return sclog_error_set(err, r,
					       "libseccomp cannot add architecture 0x%x: %s",
					       p->arches[i], strerror(-r));
	}
	for (size_t i = 0; i < p->n_rules; i++)
		if (add_rule(ctx, scmp_action(&p->rules[i].action), &p->rules[i], err) < 0)
			return err->code;
	return export(ctx, ret, err);
}

/* Whether @a and @b give @name the same rules (conditions in order). */
static int same_rules(const struct sclog_policy *a, const struct sclog_policy *b, const char *name)
{
	const uint32_t *ra, *rb;
	long na = sclog_policy_rules_of(a, name, &ra), nb = sclog_policy_rules_of(b, name, &rb);

	if (na != nb)
		return 0;
	for (long i = 0; i < nb; i++) {
		const struct sclog_rule *y = &b->rules[rb[i]];
		int found = 0;

		for (long j = 0; j < na && !found; j++) {
			const struct sclog_rule *x = &a->rules[ra[j]];

			found = x->n_args == y->n_args;
			for (size_t k = 0; found && k < x->n_args; k++)
				found = sclog_arg_compare(&x->args[k], &y->args[k]) == 0;
		}
		if (!found)
			return 0;
	}
	return 1;
}

static int has_conditions(const struct sclog_policy *p, const char *name)
{
	const uint32_t *rules;
	long n = sclog_policy_rules_of(p, name, &rules);

	for (long i = 0; i < n; i++)
		if (p->rules[rules[i]].n_args)
			return 1;
	return 0;
}

static int in_strv(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/*
 * What phased enforcement needs of @p and @s (see the header): the names
 * @s allows, in @ret_serving.  The conditions must be equal where a name
 * is in both, since one call reaches the filter only once: a rule
 * allowing some arguments and another notifying others for one syscall
 * would depend on libseccomp's order of overlapping conditions.
 */
static int check_phased(const struct sclog_policy *p, const struct sclog_policy *s,
			const char *boundary, char ***ret_serving, struct sclog_error *err)
{
	uint32_t native = seccomp_arch_native();
	_cleanup_(sclog_strv_freep) char **serving = NULL;
	char list[600] = "";
	size_t len = 0;

	if (sclog_action_permits(&p->default_action) || sclog_action_permits(&s->default_action))
		return sclog_error_set(err, -EINVAL,
				       "phased enforcement takes allow-lists: the %s policy's "
				       "default action lets every call run",
				       sclog_action_permits(&p->default_action) ? "whole-run" :
										  "serving");
	if (sclog_policy_allowed_names(s, native, &serving) < 0)
		return sclog_error_oom(err);
	for (size_t i = 0; serving[i]; i++) {
		int conditional = has_conditions(p, serving[i]) || has_conditions(s, serving[i]);

		if (!sclog_policy_allows(p, native, serving[i], NULL)) {
			int k = len < sizeof(list) ? snprintf(list + len, sizeof(list) - len,
							      "%s%s", len ? ", " : "", serving[i]) :
						     0;

			len += k > 0 ? (size_t)k : 0;
		} else if (conditional && !same_rules(p, s, serving[i]))
			return sclog_error_set(err, -EINVAL,
					       "%s has argument conditions that differ between "
					       "the two policies; phased enforcement needs them "
					       "equal (or none)",
					       serving[i]);
	}
	if (len)
		return sclog_error_set(err, -EINVAL,
				       "the serving policy allows %s, which the whole-run policy "
				       "does not: the serving phase must be a part of the run",
				       list);
	if (boundary && !in_strv(serving, boundary))
		return sclog_error_set(err, -EINVAL,
				       "the boundary syscall %s is not in the serving policy "
				       "(the boundary's own call belongs to the serving phase)",
				       boundary);
	for (int i = 0; i < 2; i++) {
		const char *name = i ? boundary : "execve";

		if (name && (has_conditions(p, name) || has_conditions(s, name)))
			return sclog_error_set(err, -EINVAL,
					       "%s has argument conditions; phased enforcement "
					       "lets every call of it reach sclog, so it must be "
					       "allowed without any",
					       name);
	}
	*ret_serving = TAKE_PTR(serving);
	return 0;
}

int sclog_filter_build_phased(const struct sclog_policy *p, const struct sclog_policy *s,
			      const char *boundary, struct sclog_bpf *ret, struct sclog_error *err)
{
	_cleanup_(sclog_strv_freep) char **serving = NULL, **skip = NULL;
	/* Every execve reaches sclog: the first must wait until sclog holds
	 * the listener (as in sclog_filter_build_collect()). */
	const char *notified[] = { "execve", boundary, NULL };
	int r = check_phased(p, s, boundary, &serving, err);

	if (r < 0 || too_big(p, err) < 0)
		return err->code;
	for (size_t i = 0; r == 0 && notified[i]; i++)
		r = sclog_strv_appendf(&skip, "%s", notified[i]);
	for (size_t i = 0; r == 0 && serving[i]; i++)
		r = sclog_strv_appendf(&skip, "%s", serving[i]);
	if (r < 0)
		return sclog_error_oom(err);

	_cleanup_(seccomp_releasep) scmp_filter_ctx ctx =
		seccomp_init(scmp_action(&p->default_action));

	if (!ctx)
		return sclog_error_set(err, -ENOMEM, "libseccomp cannot create a filter");
	r = set_arches(ctx, p);
	if (r < 0)
		return sclog_error_set(err, r, "libseccomp cannot set up the filter: %s",
				       strerror(r == -ENOEXEC ? EINVAL : -r));
	/* P's calls that S lacks wait for sclog; its denials stay as they are. */
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sclog_rule *rule = &p->rules[i];
		int permits = sclog_action_permits(&rule->action);

		if (add_rule_but(ctx, permits ? SCMP_ACT_NOTIFY : scmp_action(&rule->action), rule,
				 permits ? (const char *const *)skip : NULL, err) < 0)
			return err->code;
	}
	/* S's calls run without sclog. */
	for (size_t i = 0; i < s->n_rules; i++)
		if (sclog_action_permits(&s->rules[i].action) &&
		    add_rule_but(ctx, scmp_action(&s->rules[i].action), &s->rules[i], notified,
				 err) < 0)
			return err->code;
	for (size_t i = 0; notified[i]; i++) {
		char *names[1] = { (char *)notified[i] };
		struct sclog_rule rule = { .names = names, .n_names = 1 };

		if (add_rule(ctx, SCMP_ACT_NOTIFY, &rule, err) < 0)
			return err->code;
	}
	return export(ctx, ret, err);
}

int sclog_filter_build_marker(struct sclog_bpf *ret, struct sclog_error *err)
{
	_cleanup_(seccomp_releasep) scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int r;

	if (!ctx)
		return sclog_error_set(err, -ENOMEM, "libseccomp cannot create a filter");
	r = seccomp_rule_add(ctx, SCMP_ACT_LOG, SCMP_SYS(getppid), 0);
	if (r < 0)
		return sclog_error_set(err, r, "libseccomp cannot build the marker filter: %s",
				       strerror(-r));
	return export(ctx, ret, err);
}

int sclog_filter_install(const struct sclog_bpf *bpf)
{
	struct sock_fprog prog = {
		.len = bpf->len,
		.filter = (struct sock_filter *)bpf->insns,
	};

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	/* Without CAP_SYS_ADMIN the kernel demands no_new_privs. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}
