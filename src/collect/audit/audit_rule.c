// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <libaudit.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sclog/collect/audit/audit_rule.h"

static int holds(uint32_t op, uint32_t have, uint32_t want)
{
	switch (op) {
	case AUDIT_EQUAL:
		return have == want;
	case AUDIT_NOT_EQUAL:
		return have != want;
	case AUDIT_LESS_THAN:
		return have < want;
	case AUDIT_LESS_THAN_OR_EQUAL:
		return have <= want;
	case AUDIT_GREATER_THAN:
		return have > want;
	case AUDIT_GREATER_THAN_OR_EQUAL:
		return have >= want;
	case AUDIT_BIT_MASK:
		return (have & want) != 0;
	case AUDIT_BIT_TEST:
		return (have & want) == want;
	}
	return 1; /* unknown: assume it can hold */
}

static int is_string(uint32_t field)
{
	switch (field) {
	case AUDIT_SUBJ_USER:
	case AUDIT_SUBJ_ROLE:
	case AUDIT_SUBJ_TYPE:
	case AUDIT_SUBJ_SEN:
	case AUDIT_SUBJ_CLR:
	case AUDIT_OBJ_USER:
	case AUDIT_OBJ_ROLE:
	case AUDIT_OBJ_TYPE:
	case AUDIT_OBJ_LEV_LOW:
	case AUDIT_OBJ_LEV_HIGH:
	case AUDIT_WATCH:
	case AUDIT_DIR:
	case AUDIT_FILTERKEY:
	case AUDIT_EXE:
		return 1;
	}
	return 0;
}

__attribute__((format(printf, 3, 4))) static void append(char *text, size_t size, const char *fmt,
							 ...)
{
	size_t n = strnlen(text, size);
	va_list ap;

	if (n + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(text + n, size - n, fmt, ap);
	va_end(ap);
}

int sclog_audit_rule_drops_seccomp(const struct audit_rule_data *rule, size_t len, char *text,
				   size_t size)
{
	size_t used = 0;

	if (len < sizeof(*rule) || rule->field_count > AUDIT_MAX_FIELDS ||
	    rule->buflen > len - sizeof(*rule))
		return -EBADMSG;
	if ((rule->flags & ~AUDIT_FILTER_PREPEND) != AUDIT_FILTER_EXCLUDE)
		return 0;
	for (uint32_t i = 0; i < rule->field_count; i++)
		if (rule->fields[i] == AUDIT_MSGTYPE &&
		    !holds(rule->fieldflags[i], AUDIT_SECCOMP, rule->values[i]))
			return 0;
	if (size == 0)
		return 1;
	*text = '\0';
	append(text, size, "-a %s,exclude", rule->action == AUDIT_NEVER ? "never" : "always");
	for (uint32_t i = 0; i < rule->field_count; i++) {
		const char *name = audit_field_to_name((int)rule->fields[i]);
		const char *op = audit_operator_to_symbol((int)rule->fieldflags[i]);

		append(text, size, " -F %s%s", name ? name : "?", op ? op : "?");
		if (is_string(rule->fields[i])) {
			uint32_t n = rule->values[i];

			if (n > rule->buflen - used)
				return -EBADMSG;
			append(text, size, "%.*s", (int)n, rule->buf + used);
			used += n;
		} else if (rule->fields[i] == AUDIT_MSGTYPE &&
			   audit_msg_type_to_name((int)rule->values[i])) {
			append(text, size, "%s", audit_msg_type_to_name((int)rule->values[i]));
		} else {
			append(text, size, "%u", rule->values[i]);
		}
	}
	return 1;
}
