// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target of the netlink framing and everything downstream of it: one
 * input is one datagram as received from the audit socket.  It goes through
 * sclog_pipeline_datagram() (twice: every count must double), and the
 * resulting profile through the policy and report emitters, so aggregation
 * and emission run on fuzzed records.  Properties checked:
 *  - sclog_nlframe_parse() delivers only payloads inside the datagram, and
 *    returns the number it delivered or -EBADMSG;
 *  - feeding the same datagram twice doubles every counter and count;
 *  - the OCI policy of the profile is read back by sclog_policy_parse();
 *  - the JSON report parses strictly and carries each comm/exe exactly.
 */
#include <errno.h>
#include <json-c/json.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/policy_parse.h"
#include "sclog/records/nlframe.h"
#include "sclog/records/pipeline.h"
#include "sclog/run/report.h"

#define FUZZ_SES 4294967295u
#define FUZZ_MARKER_PID 4242

struct walk {
	const char *buf;
	size_t len;
	int n;
};

static int on_msg(void *userdata, uint16_t type, const char *payload, size_t len)
{
	struct walk *w = userdata;

	if (payload < w->buf || len > w->len || (size_t)(payload - w->buf) > w->len - len)
		fuzz_fail("message of type %u (%zu bytes) outside the datagram", type, len);
	/* Touch every byte so ASan checks the bounds too. */
	for (size_t i = 0; i < len; i++)
		if (payload[i] == 0x7f)
			w->n += 0;
	w->n++;
	return 0;
}

/* Decode a report's "comm"/"comm_hex" (or exe) from @e into a new buffer. */
static char *report_bytes(json_object *e, const char *key, size_t *ret_len)
{
	char hexkey[16];
	json_object *v;

	if (json_object_object_get_ex(e, key, &v)) {
		const char *s = json_object_get_string(v);

		*ret_len = (size_t)json_object_get_string_len(v);
		return memcpy(malloc(*ret_len + 1), s, *ret_len + 1);
	}
	snprintf(hexkey, sizeof(hexkey), "%s_hex", key);
	if (json_object_object_get_ex(e, hexkey, &v)) {
		const char *s = json_object_get_string(v);
		size_t n = (size_t)json_object_get_string_len(v) / 2;
		char *out = malloc(n + 1);

		for (size_t i = 0; i < n; i++) {
			unsigned int b;

			if (sscanf(s + 2 * i, "%2x", &b) != 1)
				fuzz_fail("report: bad %s", hexkey);
			out[i] = (char)b;
		}
		*ret_len = n;
		return out;
	}
	*ret_len = 0;
	return NULL;
}

static void check_report(const struct sclog_pipeline *pl)
{
	static char *const argv[] = { "fuzz", "-\xff\"\\\n", NULL };
	struct sclog_run_info info = {
		.version = "fuzz",
		.kernel_release = "0",
		.argv = argv,
		.exited = 1,
		.ses = pl->ses,
		.complete = !sclog_pipeline_damaged(pl),
	};
	const struct sclog_syscall **v = NULL;
	json_tokener *tok;
	json_object *root, *list;
	char *json = NULL;
	long n;

	if (sclog_report_json(pl->profile, &pl->counters, &info, &json) < 0)
		abort();
	tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, json, (int)strlen(json));
	if (!root || json_tokener_get_error(tok) != json_tokener_success)
		fuzz_fail("the report is not strict JSON: %s\n%s",
			  json_tokener_error_desc(json_tokener_get_error(tok)), json);
	json_tokener_free(tok);

	n = sclog_profile_sorted(pl->profile, &v);
	if (n < 0)
		abort();
	if (!json_object_object_get_ex(root, "syscalls", &list) ||
	    json_object_array_length(list) != (size_t)n)
		fuzz_fail("the report lists %zu syscalls, the profile %ld",
			  list ? json_object_array_length(list) : 0, n);
	for (long i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(list, (size_t)i);
		size_t len;
		char *b;

		b = report_bytes(e, "comm", &len);
		if (fuzz_bytes_differ(b, len, v[i]->comm, v[i]->comm_len))
			fuzz_fail("report: comm of entry %ld does not round-trip", i);
		free(b);
		b = report_bytes(e, "exe", &len);
		if (fuzz_bytes_differ(b, len, v[i]->exe, v[i]->exe_len))
			fuzz_fail("report: exe of entry %ld does not round-trip", i);
		free(b);
	}
	free(v);
	json_object_put(root);
	free(json);
}

static void check_policy(const struct sclog_pipeline *pl)
{
	const struct sclog_action def = { .kind = SCLOG_ACT_ERRNO, .errno_ret = EPERM };
	struct sclog_policy *p = NULL, *back = NULL;
	struct sclog_error err = { 0 };
	char *oci = NULL, *oci2 = NULL, *docker = NULL;
	size_t unnamed = 0;

	if (sclog_policy_from_profile(pl->profile, &def, &p, &unnamed) < 0)
		abort();
	if (sclog_export_oci(p, &oci) < 0 || sclog_export_docker(p, &docker) < 0)
		abort();
	if (sclog_policy_parse(oci, strlen(oci), "emitted", &back, &err) < 0)
		fuzz_fail("sclog cannot read the policy it emitted: %s\n%s", err.msg, oci);
	if (sclog_export_oci(back, &oci2) < 0)
		abort();
	if (strcmp(oci, oci2) != 0)
		fuzz_fail("emitted policy does not re-serialise identically:\n%s\n---\n%s", oci,
			  oci2);
	free(oci);
	free(oci2);
	free(docker);
	sclog_policy_free(back);
	sclog_policy_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct walk w = { .buf = (const char *)data, .len = size };
	struct sclog_pipeline once, twice;
	int r = sclog_nlframe_parse(data, size, on_msg, &w);

	if (r != -EBADMSG && r != w.n)
		fuzz_fail("nlframe_parse returned %d after %d messages", r, w.n);

	if (sclog_pipeline_init(&once, FUZZ_SES) < 0 || sclog_pipeline_init(&twice, FUZZ_SES) < 0)
		abort();
	once.marker_pid = twice.marker_pid = FUZZ_MARKER_PID;
	if (sclog_pipeline_datagram(&once, data, size) < 0)
		abort();
	if (sclog_pipeline_datagram(&twice, data, size) < 0 ||
	    sclog_pipeline_datagram(&twice, data, size) < 0)
		abort();

	if (twice.counters.records != 2 * once.counters.records ||
	    twice.counters.foreign != 2 * once.counters.foreign ||
	    twice.counters.other_types != 2 * once.counters.other_types ||
	    twice.counters.malformed != 2 * once.counters.malformed ||
	    twice.counters.bad_frames != 2 * once.counters.bad_frames ||
	    once.marker_seen != twice.marker_seen)
		fuzz_fail("a datagram fed twice did not double the counters");
	{
		const struct sclog_syscall **a = NULL, **b = NULL;
		long na = sclog_profile_sorted(once.profile, &a);
		long nb = sclog_profile_sorted(twice.profile, &b);
		uint64_t total = 0;

		if (na < 0 || nb < 0)
			abort();
		if (na != nb)
			fuzz_fail("a datagram fed twice changed the syscalls seen");
		for (long i = 0; i < na; i++) {
			if (a[i]->arch != b[i]->arch || a[i]->nr != b[i]->nr ||
			    b[i]->count != 2 * a[i]->count)
				fuzz_fail("a datagram fed twice did not double a count");
			total += a[i]->count;
		}
		if (total != once.counters.records)
			fuzz_fail("profile holds %llu calls, counters say %llu",
				  (unsigned long long)total,
				  (unsigned long long)once.counters.records);
		free(a);
		free(b);
	}

	(void)sclog_pipeline_damaged(&once);
	check_policy(&once);
	check_report(&once);
	sclog_pipeline_done(&once);
	sclog_pipeline_done(&twice);
	return 0;
}
