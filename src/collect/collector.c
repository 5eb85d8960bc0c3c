// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "sclog/collect/collector.h"

const struct sclog_collector_ops *const sclog_collectors[] = {
	&sclog_collector_audit,
	&sclog_collector_notify,
#ifdef SCLOG_HAVE_BPF
	&sclog_collector_bpf,
#endif
	NULL,
};

const struct sclog_collector_ops *sclog_collector_find(const char *name)
{
	for (size_t i = 0; sclog_collectors[i]; i++)
		if (strcmp(sclog_collectors[i]->name, name) == 0)
			return sclog_collectors[i];
	return NULL;
}
