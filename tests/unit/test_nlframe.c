// SPDX-License-Identifier: GPL-2.0-only
/* sclog_nlframe_parse(): walking the netlink messages of one audit datagram. */
#include <errno.h>
#include <linux/netlink.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/records/nlframe.h"

#define AUDIT_SECCOMP_TYPE 1326

struct dgram {
	_Alignas(struct nlmsghdr) unsigned char buf[4096];
	size_t len;
};

/* Append a message whose nlmsg_len is the real one plus @len_delta. */
static size_t add_msg(struct dgram *d, uint16_t type, const char *payload, size_t plen,
		      int len_delta)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(d->buf + d->len);
	size_t at = d->len;

	assert_true(d->len + NLMSG_SPACE(plen) <= sizeof(d->buf));
	memset(h, 0, NLMSG_SPACE(plen));
	h->nlmsg_len = (uint32_t)((int)NLMSG_LENGTH(plen) + len_delta);
	h->nlmsg_type = type;
	memcpy(NLMSG_DATA(h), payload, plen);
	d->len += NLMSG_SPACE(plen);
	return at;
}

#define MAX_SEEN 16

struct seen {
	int calls;
	int fail_at; /* return -EIO on this call (1-based), 0: never */
	uint16_t type[MAX_SEEN];
	char payload[MAX_SEEN][64];
	size_t len[MAX_SEEN];
};

static int on_msg(void *userdata, uint16_t type, const char *payload, size_t len)
{
	struct seen *s = userdata;

	assert_true(s->calls < MAX_SEEN);
	assert_true(len < sizeof(s->payload[0]));
	s->type[s->calls] = type;
	memcpy(s->payload[s->calls], payload, len);
	s->len[s->calls] = len;
	s->calls++;
	return s->calls == s->fail_at ? -EIO : 0;
}

static void test_empty(void **state)
{
	struct dgram d = { .len = 0 };
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(sclog_nlframe_parse(d.buf, 0, on_msg, &s), 0);
	assert_int_equal(s.calls, 0);
}

static void test_multiple_aligned(void **state)
{
	static const char *const payloads[] = { "abcde", "12345678", "", "audit(1.0:1): x" };
	struct dgram d = { .len = 0 };
	struct seen s = { 0 };

	(void)state;
	for (size_t i = 0; i < 4; i++)
		add_msg(&d, (uint16_t)(AUDIT_SECCOMP_TYPE + i), payloads[i], strlen(payloads[i]),
			0);
	assert_int_equal(sclog_nlframe_parse(d.buf, d.len, on_msg, &s), 4);
	assert_int_equal(s.calls, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(s.type[i], AUDIT_SECCOMP_TYPE + i);
		assert_int_equal(s.len[i], strlen(payloads[i]));
		assert_memory_equal(s.payload[i], payloads[i], s.len[i]);
	}
}

static void test_last_message_unpadded(void **state)
{
	struct dgram d = { .len = 0 };
	struct seen s = { 0 };

	(void)state;
	add_msg(&d, AUDIT_SECCOMP_TYPE, "first", 5, 0);
	add_msg(&d, AUDIT_SECCOMP_TYPE, "odd", 3, 0);
	/* The kernel need not pad the datagram after the last message. */
	d.len -= NLMSG_ALIGN(3) - 3;
	assert_int_equal(sclog_nlframe_parse(d.buf, d.len, on_msg, &s), 2);
	assert_int_equal(s.len[1], 3);
	assert_memory_equal(s.payload[1], "odd", 3);
}

static void test_short_header(void **state)
{
	struct dgram d = { .len = 0 };
	struct seen s = { 0 };

	(void)state;
	add_msg(&d, AUDIT_SECCOMP_TYPE, "abc", 3, 0);
	for (size_t n = 1; n < NLMSG_HDRLEN; n++) {
		assert_int_equal(sclog_nlframe_parse(d.buf, n, on_msg, &s), -EBADMSG);
		assert_int_equal(s.calls, 0);
	}
}

static void test_bad_lengths(void **state)
{
	static const struct {
		const char *name;
		int len_delta;
		size_t cut; /* bytes removed from the datagram */
	} cases[] = {
		{ "nlmsg_len past the datagram", 1, 0 },
		{ "nlmsg_len far past the datagram", 100000, 0 },
		{ "datagram cut inside the payload", 0, 8 },
		{ "nlmsg_len of 0", -(int)NLMSG_LENGTH(8), 0 },
		{ "nlmsg_len below the header", -(int)NLMSG_LENGTH(8) + 8, 0 },
		{ "nlmsg_len one below the header", -9, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dgram d = { .len = 0 };
		struct seen s = { 0 };
		int r;

		add_msg(&d, AUDIT_SECCOMP_TYPE, "good one", 8, 0);
		add_msg(&d, AUDIT_SECCOMP_TYPE, "12345678", 8, cases[i].len_delta);
		r = sclog_nlframe_parse(d.buf, d.len - cases[i].cut, on_msg, &s);
		if (r != -EBADMSG)
			print_error("case '%s': %d\n", cases[i].name, r);
		assert_int_equal(r, -EBADMSG);
		/* Messages before the bad header were delivered. */
		assert_int_equal(s.calls, 1);
		assert_memory_equal(s.payload[0], "good one", 8);
	}
}

static void test_done_stops(void **state)
{
	struct dgram d = { .len = 0 };
	struct seen s = { 0 };

	(void)state;
	add_msg(&d, AUDIT_SECCOMP_TYPE, "one", 3, 0);
	add_msg(&d, NLMSG_DONE, "", 0, 0);
	add_msg(&d, AUDIT_SECCOMP_TYPE, "after", 5, 0);
	assert_int_equal(sclog_nlframe_parse(d.buf, d.len, on_msg, &s), 1);
	assert_int_equal(s.calls, 1);
}

static void test_callback_error(void **state)
{
	struct dgram d = { .len = 0 };
	struct seen s = { .fail_at = 2 };

	(void)state;
	add_msg(&d, AUDIT_SECCOMP_TYPE, "one", 3, 0);
	add_msg(&d, AUDIT_SECCOMP_TYPE, "two", 3, 0);
	add_msg(&d, AUDIT_SECCOMP_TYPE, "three", 5, 0);
	assert_int_equal(sclog_nlframe_parse(d.buf, d.len, on_msg, &s), -EIO);
	assert_int_equal(s.calls, 2);
}

static void test_huge_length(void **state)
{
	struct dgram d = { .len = 0 };
	struct seen s = { 0 };

	(void)state;
	/* Rejected from the length alone, before any header is read. */
	assert_int_equal(sclog_nlframe_parse(d.buf, (size_t)INT32_MAX + 1, on_msg, &s), -EBADMSG);
	assert_int_equal(s.calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_multiple_aligned),
		cmocka_unit_test(test_last_message_unpadded),
		cmocka_unit_test(test_short_header),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_done_stops),
		cmocka_unit_test(test_callback_error),
		cmocka_unit_test(test_huge_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
