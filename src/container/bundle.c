// SPDX-License-Identifier: GPL-2.0-only
/*
 * A bundle's config.json, rewritten around the recording profile for a
 * copy that lives outside the bundle.  Pure: takes text, returns text.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/json_format.h"
#include "sclog/basic/json_read.h"
#include "sclog/basic/quote.h"
#include "sclog/container/bundle.h"
#include "sclog/container/command_line.h"

/* @o's member @key when it is an object (created when absent), else NULL. */
static json_object *object_member(json_object *o, const char *key)
{
	json_object *m;

	if (json_object_object_get_ex(o, key, &m))
		return json_object_is_type(m, json_type_object) ? m : NULL;
	m = json_object_new_object();
	if (m && json_object_object_add(o, key, m) < 0) {
		json_object_put(m);
		return NULL;
	}
	return m;
}

/* Replace the string member @key of @o by @bundle/value when it is relative. */
static int absolutize(json_object *o, const char *key, const char *bundle)
{
	json_object *v;
	const char *s;
	char *abs;
	int r;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return 0;
	s = json_object_get_string(v);
	if (s[0] == '/')
		return 0;
	if (asprintf(&abs, "%s/%s", bundle, s) < 0)
		return -ENOMEM;
	r = json_object_set_string(v, abs) ? 0 : -ENOMEM;
	free(abs);
	return r;
}

static int is_bind(json_object *mount)
{
	json_object *type, *options;

	if (json_object_object_get_ex(mount, "type", &type) &&
	    json_object_is_type(type, json_type_string) &&
	    strcmp(json_object_get_string(type), "bind") == 0)
		return 1;
	if (!json_object_object_get_ex(mount, "options", &options) ||
	    !json_object_is_type(options, json_type_array))
		return 0;
	for (size_t i = 0; i < json_object_array_length(options); i++) {
		const char *opt = json_object_get_string(json_object_array_get_idx(options, i));

		if (opt && (strcmp(opt, "bind") == 0 || strcmp(opt, "rbind") == 0))
			return 1;
	}
	return 0;
}

/* A few words on the seccomp setting sclog replaces, for the warning. */
static char *describe_seccomp(json_object *seccomp, const char *source)
{
	json_object *def, *rules;
	char *s = NULL;
	size_t names = 0;

	if (json_object_object_get_ex(seccomp, "syscalls", &rules) &&
	    json_object_is_type(rules, json_type_array))
		for (size_t i = 0; i < json_object_array_length(rules); i++) {
			json_object *r = json_object_array_get_idx(rules, i), *n;

			if (json_object_object_get_ex(r, "names", &n) &&
			    json_object_is_type(n, json_type_array))
				names += json_object_array_length(n);
		}
	if (!json_object_object_get_ex(seccomp, "defaultAction", &def) ||
	    !json_object_is_type(def, json_type_string))
		def = NULL;
	if (asprintf(&s, "linux.seccomp of %s (defaultAction %s, %zu syscall names)", source,
		     def ? json_object_get_string(def) : "none", names) < 0)
		return NULL;
	return s;
}

/* Remove the annotations that would replace or bypass the recording
 * profile; their names, comma-separated, in @info->annotations. */
static int strip_annotations(json_object *root, struct sclog_container_config_info *info)
{
	json_object *a;
	char *names = NULL;
	size_t len = 0;
	FILE *f;
	int n = 0;

	if (!json_object_object_get_ex(root, "annotations", &a) ||
	    !json_object_is_type(a, json_type_object))
		return 0;
	f = open_memstream(&names, &len);
	if (!f)
		return -ENOMEM;
	for (;;) {
		const char *found = NULL;

		json_object_object_foreach(a, key, val)
		{
			(void)val;
			if (sclog_container_annotation_bypasses(key)) {
				found = key;
				break;
			}
		}
		if (!found)
			break;
		fprintf(f, "%s%s", n++ ? ", " : "", sclog_quoted_path(found));
		json_object_object_del(a, found);
	}
	if (fclose(f) != 0) {
		free(names);
		return -ENOMEM;
	}
	if (n)
		info->annotations = names;
	else
		free(names);
	return 0;
}

int sclog_container_config(const char *buf, size_t len, const char *source, const char *bundle,
			   const char *profile_json, char **ret_json,
			   struct sclog_container_config_info *ret_info, struct sclog_error *err)
{
	struct sclog_container_config_info info = { 0 };
	json_object *root, *linux_obj, *process, *root_obj, *mounts, *seccomp, *v;
	char *out = NULL;
	int r;

	r = sclog_json_read(buf, len, source, &root, err);
	if (r < 0)
		return r;
	if (!json_object_is_type(root, json_type_object)) {
		r = sclog_error_set(err, -EINVAL, "%s: not an OCI configuration (a JSON object)",
				    source);
		goto done;
	}
	linux_obj = object_member(root, "linux");
	if (!linux_obj) {
		r = sclog_error_set(err, -EINVAL, "%s: $.linux is not an object", source);
		goto done;
	}
	if (json_object_object_get_ex(linux_obj, "seccomp", &v) &&
	    !json_object_is_type(v, json_type_null)) {
		info.replaced = describe_seccomp(v, source);
		if (!info.replaced)
			goto oom;
	}
	if (sclog_json_read(profile_json, strlen(profile_json), "the recording profile", &seccomp,
			    err) < 0)
		goto fail;
	if (json_object_object_add(linux_obj, "seccomp", seccomp) < 0) {
		json_object_put(seccomp);
		goto oom;
	}
	if (strip_annotations(root, &info) < 0)
		goto oom;
	if (json_object_object_get_ex(root, "process", &process) &&
	    json_object_object_get_ex(process, "noNewPrivileges", &v))
		info.no_new_privileges = json_object_get_boolean(v);

	/* The copy lives outside the bundle: what the runtime would resolve
	 * against the bundle directory must name it absolutely. */
	if (json_object_object_get_ex(root, "root", &root_obj) &&
	    json_object_is_type(root_obj, json_type_object) &&
	    absolutize(root_obj, "path", bundle) < 0)
		goto oom;
	if (json_object_object_get_ex(root, "mounts", &mounts) &&
	    json_object_is_type(mounts, json_type_array))
		for (size_t i = 0; i < json_object_array_length(mounts); i++) {
			json_object *m = json_object_array_get_idx(mounts, i);

			if (json_object_is_type(m, json_type_object) && is_bind(m) &&
			    absolutize(m, "source", bundle) < 0)
				goto oom;
		}
	if (sclog_json_format(root, &out) < 0)
		goto oom;
	*ret_json = out;
	*ret_info = info;
	json_object_put(root);
	return 0;
oom:
	r = sclog_error_oom(err);
	goto done;
fail:
	r = err->code;
done:
	sclog_container_config_info_done(&info);
	json_object_put(root);
	return r;
}

void sclog_container_config_info_done(struct sclog_container_config_info *info)
{
	free(info->replaced);
	free(info->annotations);
	info->replaced = NULL;
	info->annotations = NULL;
}
