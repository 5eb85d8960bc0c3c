// SPDX-License-Identifier: GPL-2.0-only
/*
 * The audit settings that can blind a run, watched while it runs: an
 * administrator (or any root process) may change them after the start and
 * restore them before the end, and a check at both ends alone sees nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sclog/basic/clock.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/audit/audit_watch.h"

#define ACTIONS_LOGGED "/proc/sys/kernel/seccomp/actions_logged"

/* Whether the list @v (@n bytes, words between spaces or commas) has "log". */
static int has_log(const char *v, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if ((i == 0 || v[i - 1] == ' ' || v[i - 1] == ',') &&
		    memcmp(v + i, "log", 3) == 0 &&
		    (i + 3 == n || v[i + 3] == ' ' || v[i + 3] == ','))
			return 1;
	return 0;
}

/* The value of the field " @key" (with its '=') in @text: its start, its
 * length in @ret_len (up to the next space), or NULL. */
static const char *field(const char *text, size_t len, const char *key, size_t *ret_len)
{
	size_t kn = strlen(key);

	for (size_t i = 0; i + kn <= len; i++) {
		size_t j;

		if ((i > 0 && text[i - 1] != ' ') || memcmp(text + i, key, kn) != 0)
			continue;
		for (j = i + kn; j < len && text[j] != ' ' && text[j] != '\n'; j++)
			;
		*ret_len = j - i - kn;
		return text + i + kn;
	}
	return NULL;
}

/* The decimal field @key, or @dflt when absent or not a number. */
static uint32_t number(const char *text, size_t len, const char *key, uint32_t dflt)
{
	size_t n = 0;
	const char *v = field(text, len, key, &n);
	uint64_t x = 0;

	if (!v || n == 0 || n > 10)
		return dflt;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return dflt;
		x = x * 10 + (uint64_t)(v[i] - '0');
	}
	return x > UINT32_MAX ? dflt : (uint32_t)x;
}

static int is(const char *v, size_t n, const char *want)
{
	return v && n == strlen(want) && memcmp(v, want, n) == 0;
}

void sclog_audit_watch_record(struct sclog_audit_watch_seen *seen, const char *text, size_t len)
{
	size_t n = 0;
	const char *op = field(text, len, "op=", &n);

	/* A change the kernel refused changed nothing. */
	if (!op || number(text, len, "res=", 1) != 1)
		return;
	if (is(op, n, "set")) {
		uint32_t v;

		/* kernel/audit.c: audit_log_config_change("lost", 0, lost, 1),
		 * even with audit disabled. */
		if (field(text, len, "lost=", &n)) {
			seen->lost_reset = 1;
			v = number(text, len, "old=", 0);
			seen->lost_reset_old = v > seen->lost_reset_old ? v : seen->lost_reset_old;
		}
		v = number(text, len, "audit_rate_limit=", 0);
		if (v && !seen->rate_limit_set)
			seen->rate_limit_set = v;
	} else if (is(op, n, "seccomp-logging")) {
		const char *actions = field(text, len, "actions=", &n);

		if (actions && !has_log(actions, n) && !seen->unlogged[0])
			snprintf(seen->unlogged, sizeof(seen->unlogged), "%.*s",
				 (int)(n < sizeof(seen->unlogged) ? n : sizeof(seen->unlogged) - 1),
				 actions);
	} else if (is(op, n, "add_rule")) {
		/* list=5 is AUDIT_FILTER_EXCLUDE; the record does not say
		 * which message types the rule drops. */
		if (number(text, len, "list=", 0) == 5)
			seen->exclude_added++;
	}
}

void sclog_audit_watch_fold(struct sclog_audit_watch_seen *seen,
			    const struct sclog_audit_settings *now)
{
	if (now->error[0] && !seen->error[0])
		snprintf(seen->error, sizeof(seen->error), "%s", now->error);
	if (now->status_ok) {
		const struct sclog_audit_status *st = &now->status;

		if (!seen->have_status) {
			seen->have_status = 1;
			seen->lost_first = seen->lost_last = st->lost;
			seen->rate_limit_first = st->rate_limit;
		}
		/* The counter only grows: smaller means reset (AUDIT_STATUS_LOST)
		 * or wrapped, and what it had counted since is unknown. */
		if (st->lost < seen->lost_last)
			seen->lost_reset = 1;
		else
			seen->lost_grown += st->lost - seen->lost_last;
		seen->lost_last = st->lost;
		if (st->rate_limit && st->rate_limit != seen->rate_limit_first &&
		    !seen->rate_limit_set)
			seen->rate_limit_set = st->rate_limit;
		if (st->pid && !seen->daemon_pid)
			seen->daemon_pid = st->pid;
	}
	if (now->actions_ok && !has_log(now->actions_logged, strlen(now->actions_logged)) &&
	    !seen->unlogged[0])
		snprintf(seen->unlogged, sizeof(seen->unlogged), "%s",
			 now->actions_logged[0] ? now->actions_logged : "(empty)");
	for (long i = 0; i < now->n_rules && i < (long)ELEMENTSOF(now->rules); i++) {
		size_t k = 0;

		while (k < seen->n_rules && strcmp(seen->rules[k], now->rules[i].text) != 0)
			k++;
		if (k == seen->n_rules && k < ELEMENTSOF(seen->rules))
			memcpy(seen->rules[seen->n_rules++], now->rules[i].text,
			       sizeof(seen->rules[0]));
	}
	if (now->n_rules > 0 && (size_t)now->n_rules > seen->max_rules)
		seen->max_rules = (size_t)now->n_rules;
	if (now->status_ok && now->actions_ok && now->n_rules >= 0)
		seen->polls++;
}

void sclog_audit_settings_read(struct sclog_audit_settings *ret, int requests)
{
	struct sclog_error err = { 0 };
	ssize_t n;

	*ret = (struct sclog_audit_settings){ .n_rules = -1 };
	if (requests) {
		ret->status_ok = sclog_audit_status(&ret->status, &err) >= 0;
		if (!ret->status_ok)
			snprintf(ret->error, sizeof(ret->error), "%s", err.msg);
		sclog_error_clear(&err);
		ret->n_rules = sclog_audit_exclude_rules(ret->rules, ELEMENTSOF(ret->rules), &err);
		if (ret->n_rules < 0 && !ret->error[0])
			snprintf(ret->error, sizeof(ret->error), "%s", err.msg);
	}
	n = sclog_read_small(ACTIONS_LOGGED, ret->actions_logged, sizeof(ret->actions_logged));
	if (n == -EIO)
		n = 0; /* empty: nothing is logged */
	ret->actions_ok = n >= 0;
	if (n < 0 && !ret->error[0])
		snprintf(ret->error, sizeof(ret->error), "cannot read " ACTIONS_LOGGED ": %s",
			 strerror((int)-n));
	ret->actions_logged[strcspn(ret->actions_logged, "\n")] = '\0';
}

int sclog_audit_watch_init(struct sclog_audit_watch *w)
{
	pthread_condattr_t attr;
	int r;

	*w = (struct sclog_audit_watch){ .inited = 0 };
	r = pthread_mutex_init(&w->lock, NULL);
	if (r)
		return -r;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	r = pthread_cond_init(&w->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (r) {
		pthread_mutex_destroy(&w->lock);
		return -r;
	}
	w->inited = 1;
	return 0;
}

static void poll_settings(struct sclog_audit_watch *w, int requests,
			  struct sclog_audit_settings *now)
{
	/* Read outside the lock: the read may sleep on a full backlog. */
	sclog_audit_settings_read(now, requests);
	pthread_mutex_lock(&w->lock);
	sclog_audit_watch_fold(&w->seen, now);
	pthread_mutex_unlock(&w->lock);
}

int sclog_audit_watch_poll(struct sclog_audit_watch *w, struct sclog_error *err)
{
	struct sclog_audit_settings now;

	poll_settings(w, 1, &now);
	if (!now.status_ok)
		return sclog_error_set(err, -EIO, "%s", now.error);
	return 0;
}

static void *watch_thread(void *data)
{
	struct sclog_audit_watch *w = data;
	uint64_t last_datagrams = 0;
	double last_requests = 0;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		struct sclog_audit_settings now;
		uint64_t d = __atomic_load_n(&w->datagrams, __ATOMIC_RELAXED);
		double t = sclog_now();
		int requests = d - last_datagrams < SCLOG_AUDIT_WATCH_FLOOD ||
			       t - last_requests >= SCLOG_AUDIT_WATCH_FLOOD_EVERY;
		struct timespec at;

		pthread_mutex_unlock(&w->lock);
		last_datagrams = d;
		if (requests)
			last_requests = t;
		poll_settings(w, requests, &now);
		pthread_mutex_lock(&w->lock);
		/* From the end of this poll: one that slept on the backlog is
		 * not followed by a burst. */
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += (long)(SCLOG_AUDIT_WATCH_INTERVAL * 1e9);
		if (at.tv_nsec >= 1000000000L) {
			at.tv_sec++;
			at.tv_nsec -= 1000000000L;
		}
		while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &at) == 0)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int sclog_audit_watch_start(struct sclog_audit_watch *w)
{
	int r = pthread_create(&w->thread, NULL, watch_thread, w);

	if (r)
		return -r;
	w->running = 1;
	return 0;
}

void sclog_audit_watch_note_record(struct sclog_audit_watch *w, const char *text, size_t len)
{
	pthread_mutex_lock(&w->lock);
	sclog_audit_watch_record(&w->seen, text, len);
	pthread_mutex_unlock(&w->lock);
}

void sclog_audit_watch_stop(struct sclog_audit_watch *w)
{
	if (!w->running)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	w->running = 0;
}

void sclog_audit_watch_done(struct sclog_audit_watch *w)
{
	if (!w->inited)
		return;
	sclog_audit_watch_stop(w);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
}
