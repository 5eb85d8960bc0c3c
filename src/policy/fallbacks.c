// SPDX-License-Identifier: GPL-2.0-only
/* The reader of policies/fallbacks.json. */
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdlib.h>

#include "sclog/basic/json_read.h"
#include "sclog/basic/strv.h"
#include "sclog/policy/fallbacks.h"

#define MAX_ENTRIES 256

int sclog_fallbacks_parse(const char *buf, size_t len, const char *source, char ***ret_names,
			  struct sclog_error *err)
{
	json_object *root, *list;
	char **names = NULL;
	int r;

	r = sclog_json_read(buf, len, source, &root, err);
	if (r < 0)
		return r;
	if (!json_object_object_get_ex(root, "syscalls", &list) ||
	    !json_object_is_type(list, json_type_array) ||
	    json_object_array_length(list) > MAX_ENTRIES)
		r = sclog_error_set(err, -EINVAL,
				    "%s: not a fallbacks data file (an object with "
				    "a \"syscalls\" array)",
				    source);
	for (size_t i = 0; r == 0 && i < json_object_array_length(list); i++) {
		json_object *e = json_object_array_get_idx(list, i), *name, *fallback;

		if (!json_object_object_get_ex(e, "name", &name) ||
		    !json_object_is_type(name, json_type_string) ||
		    !json_object_object_get_ex(e, "fallback", &fallback))
			r = sclog_error_set(err, -EINVAL,
					    "%s: syscalls[%zu]: needs a \"name\" "
					    "and a \"fallback\"",
					    source, i);
		/* A name this libseccomp does not know (fchmodat2 before 2.5.5,
		 * Debian's 2.5.4 excepted) cannot be in a filter made here:
		 * left out, not a reason to refuse every run. */
		else if (seccomp_syscall_resolve_name(json_object_get_string(name)) ==
			 __NR_SCMP_ERROR)
			continue;
		else if (sclog_strv_appendf(&names, "%s", json_object_get_string(name)) < 0)
			r = sclog_error_oom(err);
	}
	json_object_put(root);
	if (r < 0) {
		sclog_strv_free(names);
		return r;
	}
	if (!names && !(names = calloc(1, sizeof(*names))))
		return sclog_error_oom(err);
	*ret_names = names;
	return 0;
}
