// SPDX-License-Identifier: GPL-2.0-only
/*
 * The serving side of the user-notification collector: receive each
 * notification of the command's listener, count it into the profile and
 * answer SECCOMP_USER_NOTIF_FLAG_CONTINUE, from sclog's poll loop or on
 * threads of their own.
 *
 * Kernel minimums: SECCOMP_RET_USER_NOTIF 5.0, FLAG_CONTINUE 5.5.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/notify/serve.h"
#include "sclog/collect/notify/target.h"

/* The syscall numbers a notification is checked against, per architecture. */
struct arch_nrs {
	uint32_t arch;
	int execve, execveat, seccomp, prctl, kill, wait4;
};

static struct arch_nrs arch_table[8];
static size_t n_arch_table;

static void fill_arch_table(void)
{
	uint32_t arches[ELEMENTSOF(arch_table)];
	size_t n;

	if (n_arch_table)
		return;
	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	for (size_t i = 0; i < n; i++)
		arch_table[i] = (struct arch_nrs){
			.arch = arches[i],
			.execve = seccomp_syscall_resolve_name_arch(arches[i], "execve"),
			.execveat = seccomp_syscall_resolve_name_arch(arches[i], "execveat"),
			.seccomp = seccomp_syscall_resolve_name_arch(arches[i], "seccomp"),
			.prctl = seccomp_syscall_resolve_name_arch(arches[i], "prctl"),
			.kill = seccomp_syscall_resolve_name_arch(arches[i], "kill"),
			.wait4 = seccomp_syscall_resolve_name_arch(arches[i], "wait4"),
		};
	n_arch_table = n;
}

static const struct arch_nrs *nrs_of(uint32_t arch, int64_t nr)
{
	uint32_t a = sclog_arch_of(arch, nr);

	for (size_t i = 0; i < n_arch_table; i++)
		if (arch_table[i].arch == a)
			return &arch_table[i];
	return NULL;
}

int sclog_notify_init(struct sclog_notify *n, struct sclog_profile *profile,
		      const struct sclog_args_spec *spec, struct sclog_args_seen *seen)
{
	struct seccomp_notif_sizes sizes = { 0 };

	*n = (struct sclog_notify){
		.listener = -1, .profile = profile, .spec = spec, .seen = seen
	};
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		return -errno;
	/* The kernel's structs may be larger than this header's. */
	n->req_size = sizes.seccomp_notif > sizeof(struct seccomp_notif) ?
			      sizes.seccomp_notif :
			      sizeof(struct seccomp_notif);
	n->resp_size = sizes.seccomp_notif_resp > sizeof(struct seccomp_notif_resp) ?
			       sizes.seccomp_notif_resp :
			       sizeof(struct seccomp_notif_resp);
	n->req = calloc(1, n->req_size);
	n->resp = calloc(1, n->resp_size);
	if (!n->req || !n->resp) {
		sclog_notify_done(n);
		return -ENOMEM;
	}
	fill_arch_table();
	return 0;
}

void sclog_notify_done(struct sclog_notify *n)
{
	if (n->n_threads)
		sclog_notify_stop_threads(n);
	closep(&n->listener);
	free(n->req);
	free(n->resp);
	n->req = n->resp = NULL;
}

static uint64_t realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * crun's init, between loading the filter and its execve, waits for and
 * then kills the helper that sent the listener (docs/how-it-works.md):
 * calls the container never makes without a listener.  Whether @req is
 * one of them.
 */
static int is_handover(struct sclog_notify *n, const struct seccomp_notif *req,
		       const struct arch_nrs *nrs)
{
	int64_t nr = req->data.nr;

	if (!n->handover || !nrs)
		return 0;
	/* The first execve, from whichever thread of the init (runc's Go
	 * init has several), is the container's program starting. */
	if (nr == nrs->execve || nr == nrs->execveat) {
		n->handover = 0;
		return 0;
	}
	if (!n->handover_pid)
		n->handover_pid = (pid_t)req->pid;
	return (pid_t)req->pid == n->handover_pid && (nr == nrs->kill || nr == nrs->wait4);
}

/*
 * A call that asks for a filter of the caller's own: seccomp(
 * SECCOMP_SET_MODE_FILTER) without a listener (one is refused with EBUSY,
 * counted as own_listener) or prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER).
 * Its program's address, or 0.
 */
static uint64_t own_filter_call(const struct arch_nrs *nrs, const struct seccomp_data *d)
{
	if (d->nr == nrs->seccomp && d->args[0] == SECCOMP_SET_MODE_FILTER &&
	    !(d->args[1] & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		return d->args[2] ? d->args[2] : 1;
	if (d->nr == nrs->prctl && d->args[0] == PR_SET_SECCOMP &&
	    d->args[1] == SECCOMP_MODE_FILTER)
		return d->args[2] ? d->args[2] : 1;
	return 0;
}

/* Record one call: 0, 1 (answered, not counted) or -errno. */
static int record(struct sclog_notify *n, const struct seccomp_notif *req)
{
	const struct seccomp_data *d = &req->data;
	const struct arch_nrs *nrs = nrs_of(d->arch, d->nr);
	uint64_t fprog;
	int r;

	/* A call of a thread that asked for a filter: that call returned. */
	sclog_ownfilter_notified(n->own, (pid_t)req->pid);
	if (n->own && nrs && (fprog = own_filter_call(nrs, d)))
		sclog_ownfilter_attempt(n->own, (pid_t)req->pid,
					sclog_notify_program_actions(n, req, fprog));

	if (nrs && d->nr == nrs->seccomp && d->args[0] == SECCOMP_SET_MODE_FILTER &&
	    (d->args[1] & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		n->counters.own_listener++; /* kernel/seccomp.c, init_listener(): EBUSY */
	/* Routed here only to see the command's own filters. */
	if (nrs && n->uncounted_seccomp && d->nr == nrs->seccomp)
		return 1;
	if (nrs && n->no_new_privs && (d->nr == nrs->execve || d->nr == nrs->execveat))
		sclog_notify_check_setid_exec(n, req, d->nr == nrs->execveat);
	/* Routed here only so that the first one waits for sclog. */
	if (nrs && n->uncounted_execve && d->nr == nrs->execve)
		return 1;
	if (is_handover(n, req, nrs)) {
		n->counters.handover++;
		return 1;
	}
	if (sclog_profile_get(n->profile, d->arch, d->nr))
		r = sclog_profile_add_count(n->profile, d->arch, d->nr, 1);
	else
		r = sclog_notify_add_first(n, req);
	if (r < 0 && r != -ENOSPC)
		return r;
	/* Under the lock, before the answer: a call the answered one causes
	 * is stamped after it, so the phase cut (run/phase.h) is exact. */
	if (n->stamp)
		sclog_profile_stamp(n->profile, d->arch, d->nr, ++n->seq, realtime_ms());
	if (n->spec) {
		long e = sclog_args_lookup(n->spec, d->arch, d->nr);
		uint64_t args[6];

		if (e < 0)
			return 0;
		memcpy(args, d->args, sizeof(args));
		if (n->spec->entries[e].from_struct) {
			/* clone3(struct clone_args *, size): flags is the first u64. */
			uint64_t flags;

			if (d->args[1] < sizeof(flags) ||
			    sclog_notify_read_target(n, (pid_t)req->pid, req->id, d->args[0],
						     &flags, sizeof(flags)) != sizeof(flags)) {
				n->counters.unread_args++;
				return 0;
			}
			args[0] = flags;
		}
		return sclog_args_seen_add(n->seen, n->spec, (size_t)e, args);
	}
	return 0;
}

/*
 * Notification ids count up from a random start, one per notification of
 * the filter (kernel/seccomp.c, seccomp_next_notify_id()).  An id sclog
 * never received belongs to a call that a signal took out of its wait
 * before sclog could receive it.  Called under the lock with threads.
 */
static void note_id(struct sclog_notify *n, uint64_t id)
{
	int64_t off;

	if (!n->ids.received++) {
		n->ids.first = id;
		return;
	}
	off = (int64_t)(id - n->ids.first);
	if (off < n->ids.min_off)
		n->ids.min_off = off;
	if (off > n->ids.max_off)
		n->ids.max_off = off;
}

uint64_t sclog_notify_unreceived(struct sclog_notify *n)
{
	uint64_t span, r;

	if (n->n_threads)
		pthread_mutex_lock(&n->lock);
	span = (uint64_t)(n->ids.max_off - n->ids.min_off) + 1;
	r = n->ids.received && span > n->ids.received ? span - n->ids.received : 0;
	if (n->n_threads)
		pthread_mutex_unlock(&n->lock);
	return r;
}

/* Receive one notification into @req: 1, 0 (it vanished: its caller was
 * interrupted or killed first), or -errno. */
static long receive(struct sclog_notify *n, struct seccomp_notif *req)
{
	memset(req, 0, n->req_size);
	if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		/* ENOENT: the caller was interrupted or killed after the poll
		 * saw it; an SA_RESTART restart notifies again. */
		return errno == EINTR || errno == ENOENT ? 0 : -errno;
	return 1;
}

/* Record a received notification and answer CONTINUE: 0 or -errno. */
static int answer(struct sclog_notify *n, const struct seccomp_notif *req,
		  struct seccomp_notif_resp *resp)
{
	int r;

	if (n->n_threads)
		pthread_mutex_lock(&n->lock);
	note_id(n, req->id);
	r = record(n, req);
	if (n->n_threads)
		pthread_mutex_unlock(&n->lock);
	memset(resp, 0, n->resp_size);
	resp->id = req->id;
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0) {
		/* A signal ended the wait first: the call did not run, and an
		 * SA_RESTART restart arrives as a new notification, counted
		 * then.  So this one is taken back: counts stay those of the
		 * calls that ran, as in audit records. */
		if (errno != ENOENT)
			return -errno;
		if (n->n_threads)
			pthread_mutex_lock(&n->lock);
		n->counters.interrupted++;
		/* Past the runtime's init, under a filter a non-fatal signal
		 * can interrupt: the command's own call, restarted or failed
		 * with EINTR (which of the two, nothing here tells). */
		if (n->interruptible && !n->handover)
			n->counters.late++;
		if (r == 0)
			sclog_profile_uncount(n->profile, req->data.arch, req->data.nr);
		if (n->n_threads)
			pthread_mutex_unlock(&n->lock);
	}
	if (r < 0)
		return r;
	__atomic_add_fetch(&n->counters.notifications, 1, __ATOMIC_RELAXED);
	return 0;
}

/*
 * Receive one notification (the receive blocks until there is one) and
 * answer it: 1, 0 (it vanished), or -errno.
 *
 * A call is interruptible until sclog has received it; from then on only
 * a fatal signal ends its wait (WAIT_KILLABLE_RECV).  A signal in between
 * makes the kernel end the call with ERESTARTSYS: restarted, or EINTR
 * where the handler lacks SA_RESTART, even for fork() (natively never
 * EINTR).  sclog cannot close that window; it counts the ids it never
 * received (note_id()) and says so.
 */
static long handle(struct sclog_notify *n, struct seccomp_notif *req,
		   struct seccomp_notif_resp *resp)
{
	long r = receive(n, req);

	if (r <= 0)
		return r;
	r = answer(n, req, resp);
	return r < 0 ? r : 1;
}

long sclog_notify_handle(struct sclog_notify *n)
{
	/* One notification per call: the caller's poll() is the only other
	 * syscall per notification (a RECV on an empty queue would block). */
	return handle(n, n->req, n->resp);
}

/* The signal that interrupts a thread's wait in the kernel's receive. */
static void on_wake(int sig)
{
	(void)sig;
}

static void *worker(void *arg)
{
	struct sclog_notify *n = arg;
	void *req = calloc(1, n->req_size), *resp = calloc(1, n->resp_size);
	sigset_t wake;

	sigemptyset(&wake);
	sigaddset(&wake, SIGRTMIN);
	pthread_sigmask(SIG_UNBLOCK, &wake, NULL);
	while (req && resp && !__atomic_load_n(&n->stop, __ATOMIC_ACQUIRE)) {
		long r = handle(n, req, resp);

		if (r < 0) {
			int zero = 0;

			__atomic_compare_exchange_n(&n->thread_error, &zero, (int)r, 0,
						    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
			break;
		}
	}
	if (!req || !resp)
		__atomic_store_n(&n->thread_error, -ENOMEM, __ATOMIC_RELAXED);
	free(req);
	free(resp);
	return NULL;
}

int sclog_notify_start_threads(struct sclog_notify *n, size_t count)
{
	/* No SA_RESTART: the receive returns EINTR and the loop sees @stop. */
	struct sigaction sa = { .sa_handler = on_wake };
	sigset_t all, old;

	if (count > SCLOG_NOTIFY_MAX_THREADS)
		count = SCLOG_NOTIFY_MAX_THREADS;
	if (sigaction(SIGRTMIN, &sa, NULL) < 0)
		return -errno;
	pthread_mutex_init(&n->lock, NULL);
	/* The threads take no signal but the wake-up: sclog's signalfd
	 * keeps the others. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (; n->n_threads < count; n->n_threads++) {
		int r = pthread_create(&n->threads[n->n_threads], NULL, worker, n);

		if (r != 0) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			sclog_notify_stop_threads(n);
			return -r;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}

int sclog_notify_stop_threads(struct sclog_notify *n)
{
	__atomic_store_n(&n->stop, 1, __ATOMIC_RELEASE);
	for (size_t i = 0; i < n->n_threads; i++)
		/* A thread may enter the receive just after a signal: signal
		 * until it has ended. */
		while (pthread_tryjoin_np(n->threads[i], NULL) == EBUSY) {
			pthread_kill(n->threads[i], SIGRTMIN);
			nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
		}
	if (n->n_threads)
		pthread_mutex_destroy(&n->lock);
	n->n_threads = 0;
	return __atomic_load_n(&n->thread_error, __ATOMIC_RELAXED);
}
