/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_AGENT_STATE_H
#define SCLOG_CONTAINER_AGENT_STATE_H

#include <stddef.h>
#include <sys/types.h>

#include "sclog/basic/error.h"

/*
 * What `sclog listen` learns of a container from the message its runtime
 * sends with the seccomp listener (linux.seccomp.listenerPath): runc and
 * crun send one JSON object, { "ociVersion", "fds", "pid", "metadata"
 * (listenerMetadata), "state": { "id", "pid", "bundle", "annotations" } },
 * and keep the connection open, so the object's end is found by scanning,
 * not by the end of the stream.  Pure: bytes in, a name out.
 */

/* The largest message taken: Kubernetes allows 256 KiB of annotations, and
 * CRI-O repeats the pod's inside one annotation (escaped). */
#define SCLOG_AGENT_MESSAGE_MAX (1024 * 1024)

/* The longest name (a file name in the profile directory, before ".json"). */
#define SCLOG_AGENT_NAME_MAX 200

/* Where a container's object ends, found a chunk at a time. */
struct sclog_agent_scan {
	size_t pos; /* bytes scanned */
	int depth;
	int in_string, escaped, started;
};

/*
 * Scan the bytes of @buf (@len, of which the first @scan->pos were
 * scanned before) for the end of the JSON object it starts with.
 * Returns the object's length (the end is found), 0 (more is needed), or
 * -EINVAL when @buf does not start with an object (white space aside).
 */
long sclog_agent_scan(struct sclog_agent_scan *scan, const char *buf, size_t len);

/* Which annotations or field named the container. */
enum sclog_agent_naming {
	SCLOG_AGENT_NAMED_CRI,	    /* containerd's CRI: io.kubernetes.cri.* */
	SCLOG_AGENT_NAMED_CRIO,	    /* CRI-O: io.kubernetes.pod.*, …container.name */
	SCLOG_AGENT_NAMED_METADATA, /* linux.seccomp.listenerMetadata */
	SCLOG_AGENT_NAMED_ID,	    /* the container id */
};

/* The container as its runtime's message describes it. */
struct sclog_agent_state {
	char *id;	 /* state.id */
	pid_t pid;	 /* state.pid (the container's init), 0: not given */
	char *namespace; /* Kubernetes namespace, pod and container, or NULL */
	char *pod;	 /* the pod's name as given */
	char *container; /* "POD" for a sandbox (pause) container */
	char *metadata;	 /* listenerMetadata, or NULL */
	char *name;	 /* the profile's name (sclog_agent_name()) */
	char *workload;	 /* @pod without its replica suffix, or NULL */
	enum sclog_agent_naming naming;
};

/*
 * Parse the runtime's message (@len bytes, the object sclog_agent_scan()
 * found) strictly (basic/json_read.c) and name the container.  Returns 0
 * and fills @ret (release with sclog_agent_state_done()), or -EINVAL with
 * @err saying what is wrong, or -ENOMEM.
 */
int sclog_agent_state_parse(const char *buf, size_t len, struct sclog_agent_state *ret,
			    struct sclog_error *err);

void sclog_agent_state_done(struct sclog_agent_state *s);

/* How @naming is described in reports and logs. */
const char *sclog_agent_naming_name(enum sclog_agent_naming naming);

/*
 * The workload of a Kubernetes pod named @pod: without a trailing
 * "-XXXXX" (5 characters of the alphabet Kubernetes generates names from,
 * "bcdfghjklmnpqrstvwxz2456789": a Job's, DaemonSet's or ReplicaSet's
 * pod), and then without a trailing "-HHHHHH" of 6 to 10 such characters
 * (a ReplicaSet's pod-template-hash, a 32-bit number written in that
 * alphabet).  Returns a new string, or NULL without memory.
 */
char *sclog_agent_workload(const char *pod);

/*
 * @in made safe as (part of) a file name, in @out (@size bytes, enough for
 * strlen(@in) + 1: one byte out for each byte in, cut at @size - 1): every
 * byte but ASCII letters, digits, '.', '-' (and '_' unless @k8s, where '_'
 * joins the parts of a name) becomes '-', and so does a leading '.', so no
 * name is hidden, "." or "..".
 */
void sclog_agent_sanitize(const char *in, int k8s, char *out, size_t size);

#endif
