// SPDX-License-Identifier: GPL-2.0-only
/*
 * Load one program of a bpf object and keep it attached until SIGTERM or
 * SIGINT; prints "attached" once it is (bench/bpfcost.sh), and at the end
 * "RUNS NS" the program's runs and its mean nanoseconds a run, which the
 * kernel measures while a BPF_ENABLE_STATS descriptor is open (this one's,
 * closed on exit: nothing of the machine's settings is left changed).
 * With PROGRAM "-", it only holds the statistics on (for the runs of
 * programs of others, which bpftool shows).
 *   bpfload OBJECT PROGRAM
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog, *p;
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);
	struct bpf_link *link;
	sigset_t set;
	int sig;

	if (argc != 3)
		return 2;
	if (!strcmp(argv[2], "-")) {
		if (bpf_enable_stats(BPF_STATS_RUN_TIME) < 0)
			return 1;
		printf("attached\n");
		fflush(stdout);
		pause();
		return 0;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		return 1;
	prog = bpf_object__find_program_by_name(obj, argv[2]);
	if (!prog)
		return 1;
	for (p = bpf_object__next_program(obj, NULL); p; p = bpf_object__next_program(obj, p))
		bpf_program__set_autoload(p, p == prog);
	if (bpf_object__load(obj) < 0)
		return 1;
	if (bpf_enable_stats(BPF_STATS_RUN_TIME) < 0)
		return 1;
	link = bpf_program__attach(prog);
	if (!link)
		return 1;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("attached\n");
	fflush(stdout);
	sigwait(&set, &sig);
	if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) == 0 && info.run_cnt)
		printf("%llu %.1f\n", (unsigned long long)info.run_cnt,
		       (double)info.run_time_ns / info.run_cnt);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
