// SPDX-License-Identifier: GPL-2.0-only
/* The runtime's message to `sclog listen`, and the name it gives a container. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/container/agent_state.h"

long sclog_agent_scan(struct sclog_agent_scan *s, const char *buf, size_t len)
{
	for (; s->pos < len; s->pos++) {
		char c = buf[s->pos];

		if (!s->started) {
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
				continue;
			if (c != '{')
				return -EINVAL;
			s->started = 1;
		}
		if (s->in_string) {
			if (s->escaped)
				s->escaped = 0;
			else if (c == '\\')
				s->escaped = 1;
			else if (c == '"')
				s->in_string = 0;
			continue;
		}
		if (c == '"')
			s->in_string = 1;
		else if (c == '{' || c == '[')
			s->depth++;
		else if ((c == '}' || c == ']') && --s->depth == 0)
			return (long)++s->pos;
	}
	return 0;
}

/* Kubernetes' generated names (k8s.io/apimachinery/pkg/util/rand): no
 * vowels, no 0, 1 or 3. */
static const char generated[] = "bcdfghjklmnpqrstvwxz2456789";

/* The length of @s without a trailing "-" and @min to @max generated
 * characters, or @len when it has none (something must stay before). */
static size_t strip_generated(const char *s, size_t len, size_t min, size_t max)
{
	size_t n = 0;

	while (n < len && n < max + 1 && strchr(generated, s[len - 1 - n]) && s[len - 1 - n])
		n++;
	if (n < min || n > max || n + 1 >= len || s[len - 1 - n] != '-')
		return len;
	return len - n - 1;
}

char *sclog_agent_workload(const char *pod)
{
	size_t len = strlen(pod), job = strip_generated(pod, len, 5, 5);

	/* A ReplicaSet's pod is "<deployment>-<hash>-<5>"; the hash of its
	 * pod template is the 32-bit number in decimal, one generated
	 * character a digit: 6 to 10 unless the number is below 100000. */
	if (job < len)
		len = strip_generated(pod, job, 6, 10);
	return strndup(pod, len);
}

void sclog_agent_sanitize(const char *in, int k8s, char *out, size_t size)
{
	size_t i = 0;

	for (; size && in[i] && i < size - 1; i++) {
		char c = in[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || (c == '.' && i > 0) ||
			 (c == '_' && !k8s);

		out[i] = ok ? c : '-';
	}
	if (size)
		out[i] = '\0';
}

/* FNV-1a: a long name cut short keeps a mark of all of it. */
static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* @s->name from the parts the naming chose, bounded to SCLOG_AGENT_NAME_MAX. */
static int make_name(struct sclog_agent_state *s)
{
	const char *one = s->naming == SCLOG_AGENT_NAMED_METADATA ? s->metadata : s->id;
	size_t len = s->namespace ?
			     strlen(s->namespace) + strlen(s->workload) + strlen(s->container) + 3 :
			     strlen(one) + 1;
	char *name = malloc(len);

	if (!name)
		return -ENOMEM;
	if (s->namespace) {
		size_t a = strlen(s->namespace), b = strlen(s->workload);

		sclog_agent_sanitize(s->namespace, 1, name, a + 1);
		name[a] = '_';
		sclog_agent_sanitize(s->workload, 1, name + a + 1, b + 1);
		name[a + 1 + b] = '_';
		sclog_agent_sanitize(s->container, 1, name + a + b + 2, len - a - b - 2);
	} else {
		sclog_agent_sanitize(one, 0, name, len);
	}
	if (strlen(name) > SCLOG_AGENT_NAME_MAX)
		snprintf(name + SCLOG_AGENT_NAME_MAX - 9, 10, "-%08x", fnv1a(name));
	s->name = name;
	return 0;
}

/* The string member @key of @o (NULL when absent or empty), -EINVAL when
 * it is not a string. */
static int member(const struct sclog_json_ctx *c, json_object *o, const char *path, const char *key,
		  char **ret)
{
	json_object *v;
	const char *str;
	char p[128];

	*ret = NULL;
	if (!o || !json_object_object_get_ex(o, key, &v))
		return 0;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (sclog_json_string(c, v, p, &str) < 0)
		return -EINVAL;
	if (*str && !(*ret = strdup(str)))
		return -ENOMEM;
	return 0;
}

/* The Kubernetes names of one scheme's annotations: all or nothing. */
static int kubernetes(const struct sclog_json_ctx *c, json_object *ann, const char *const keys[3],
		      struct sclog_agent_state *s)
{
	int r = member(c, ann, "$.state.annotations", keys[0], &s->namespace);

	if (r == 0)
		r = member(c, ann, "$.state.annotations", keys[1], &s->pod);
	if (r == 0)
		r = member(c, ann, "$.state.annotations", keys[2], &s->container);
	if (r < 0 || (s->namespace && s->pod))
		return r;
	free(TAKE_PTR(s->namespace));
	free(TAKE_PTR(s->pod));
	free(TAKE_PTR(s->container));
	return 0;
}

static const char *const cri_keys[3] = { "io.kubernetes.cri.sandbox-namespace",
					 "io.kubernetes.cri.sandbox-name",
					 "io.kubernetes.cri.container-name" };
static const char *const crio_keys[3] = { "io.kubernetes.pod.namespace", "io.kubernetes.pod.name",
					  "io.kubernetes.container.name" };

/* Choose the naming: CRI, CRI-O, listenerMetadata, the container id. */
static int choose(const struct sclog_json_ctx *c, json_object *ann, struct sclog_agent_state *s)
{
	int r = kubernetes(c, ann, cri_keys, s);

	s->naming = SCLOG_AGENT_NAMED_CRI;
	if (r == 0 && !s->namespace) {
		r = kubernetes(c, ann, crio_keys, s);
		s->naming = SCLOG_AGENT_NAMED_CRIO;
	}
	if (r < 0)
		return r;
	if (s->namespace) {
		/* A sandbox (pause) container has no container name. */
		if (!s->container && !(s->container = strdup("POD")))
			return -ENOMEM;
		if (!(s->workload = sclog_agent_workload(s->pod)))
			return -ENOMEM;
	} else {
		s->naming = s->metadata ? SCLOG_AGENT_NAMED_METADATA : SCLOG_AGENT_NAMED_ID;
	}
	return make_name(s);
}

int sclog_agent_state_parse(const char *buf, size_t len, struct sclog_agent_state *ret,
			    struct sclog_error *err)
{
	struct sclog_agent_state s = { 0 };
	struct sclog_json_ctx c = { "the runtime's message", err };
	json_object *root = NULL, *state, *ann = NULL, *pid;
	int64_t n = 0;
	int r;

	if (len > SCLOG_AGENT_MESSAGE_MAX)
		return sclog_error_set(err, -EINVAL, "the runtime's message is over %d bytes",
				       SCLOG_AGENT_MESSAGE_MAX);
	r = sclog_json_read(buf, len, c.source, &root, err);
	if (r < 0)
		return r;
	r = sclog_json_expect(&c, root, "$", json_type_object);
	if (r == 0 && !json_object_object_get_ex(root, "state", &state))
		r = sclog_json_bad(&c, "$", "no \"state\" (the container's OCI state)");
	if (r == 0)
		r = sclog_json_expect(&c, state, "$.state", json_type_object);
	if (r == 0 && json_object_object_get_ex(state, "annotations", &ann))
		r = sclog_json_expect(&c, ann, "$.state.annotations", json_type_object);
	if (r == 0 && json_object_object_get_ex(state, "pid", &pid))
		r = sclog_json_int(&c, pid, "$.state.pid", 0, INT32_MAX, &n);
	if (r == 0)
		r = member(&c, state, "$.state", "id", &s.id);
	if (r == 0 && !s.id)
		r = sclog_json_bad(&c, "$.state", "no container \"id\"");
	if (r == 0)
		r = member(&c, root, "$", "metadata", &s.metadata);
	if (r == 0)
		r = choose(&c, ann, &s);
	json_object_put(root);
	if (r == -ENOMEM)
		sclog_error_oom(err);
	if (r < 0) {
		sclog_agent_state_done(&s);
		return r;
	}
	s.pid = (pid_t)n;
	*ret = s;
	return 0;
}

void sclog_agent_state_done(struct sclog_agent_state *s)
{
	free(s->id);
	free(s->namespace);
	free(s->pod);
	free(s->container);
	free(s->metadata);
	free(s->name);
	free(s->workload);
	*s = (struct sclog_agent_state){ 0 };
}

const char *sclog_agent_naming_name(enum sclog_agent_naming naming)
{
	switch (naming) {
	case SCLOG_AGENT_NAMED_CRI:
		return "containerd CRI annotations";
	case SCLOG_AGENT_NAMED_CRIO:
		return "CRI-O annotations";
	case SCLOG_AGENT_NAMED_METADATA:
		return "listenerMetadata";
	case SCLOG_AGENT_NAMED_ID:
		break;
	}
	return "container id";
}
