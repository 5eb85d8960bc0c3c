/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_AUDIT_AUDIT_RULE_H
#define SCLOG_COLLECT_AUDIT_AUDIT_RULE_H

#include <linux/audit.h>
#include <stddef.h>

/*
 * Whether the audit rule @rule (@len bytes as the kernel sent it with
 * AUDIT_LIST_RULES) can drop AUDIT_SECCOMP records: a rule of the exclude
 * list whose msgtype conditions, if any, hold for type 1326 (the kernel
 * drops a record that matches any exclude rule, kernel/auditfilter.c,
 * audit_filter()).  When it can, writes the rule as auditctl would show it
 * ("-a always,exclude -F msgtype=SECCOMP -F auid=0") into @text and returns
 * 1; returns 0 when it cannot, -EBADMSG when @rule is malformed.
 */
int sclog_audit_rule_drops_seccomp(const struct audit_rule_data *rule, size_t len, char *text,
				   size_t size);

#endif
