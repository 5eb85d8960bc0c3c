// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/outfile.h"
#include "sclog/basic/quote.h"
#include "sclog/policy/data.h"
#include "sclog/policy/fallbacks.h"
#include "sclog/policy/policy_parse.h"

#define POLICY_MAX_BYTES (16u << 20)
#define DATA_MAX_BYTES (16u << 20)

int sclog_write_policy(const char *path, int (*write)(FILE *, const struct sclog_policy *),
		       const struct sclog_policy *p, struct sclog_error *err)
{
	struct sclog_outfile out = { .fd = -1, .dirfd = -1 };
	int r = sclog_outfile_open(&out, path, err), fd;
	FILE *f;

	if (r < 0)
		return r;
	/* A copy of the descriptor: fclose() leaves the outfile's open. */
	fd = dup(out.fd < 0 ? STDOUT_FILENO : out.fd);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		r = -errno;
		if (fd >= 0)
			close(fd);
	} else {
		r = write(f, p);
		/* errno is the failed write's (ENOSPC): later ones fail alike. */
		if (r == 0 && (fflush(f) != 0 || ferror(f)))
			r = errno ? -errno : -EIO;
		if (fclose(f) != 0 && r == 0)
			r = -errno;
	}
	if (r < 0)
		sclog_error_set(err, r, "cannot write %s: %s",
				out.fd < 0 ? "to standard output" : out.path, strerror(-r));
	else
		r = sclog_outfile_commit(&out, "", 0, err);
	sclog_outfile_done(&out);
	return r;
}

int sclog_load_policy(const char *path, struct sclog_policy **ret, struct sclog_error *err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r = sclog_read_file(path, POLICY_MAX_BYTES, &buf, &len, err);

	if (r < 0)
		return r;
	return sclog_policy_parse(buf, len, path, ret, err);
}

/* The directory of the running binary, resolved through symlinks. */
static char *exe_dir(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return strdup(buf);
}

/* Whether @bindir is the build directory of sclog (its source tree is then near). */
static bool is_build_dir(const char *bindir)
{
	struct stat a, b;

	return bindir && stat(bindir, &a) == 0 && stat(SCLOG_BUILD_BINDIR, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * Whether the data directory or file open at @fd (@path, found in @where)
 * can be changed only by root, the caller, or who can already change the
 * running binary @exe (a tree a user built and root runs with sudo: that
 * user owns both).  Anyone else could choose what the policies sclog
 * writes allow: refused, with what to do (@fix).
 */
static int check_trusted(int fd, const char *path, const char *where, const char *fix,
			 const struct stat *exe, struct sclog_error *err)
{
	const char *what;
	struct stat st;
	bool sticky;

	if (fstat(fd, &st) < 0)
		return sclog_error_set(err, -errno, "cannot stat %s: %m", path);
	what = S_ISDIR(st.st_mode) ? "data directory" : "data file";
	if (st.st_uid != 0 && st.st_uid != geteuid() && st.st_uid != exe->st_uid)
		return sclog_error_set(err, -EPERM,
				       "refusing the %s %s (%s): it belongs to uid %u, "
				       "not to root, to you or to sclog's owner, and that user "
				       "could choose what the policies sclog writes allow; %s",
				       what, path, where, (unsigned)st.st_uid, fix);
	/* In a sticky directory only a file's owner replaces it: each file
	 * is checked on its own. */
	sticky = S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX);
	if (!sticky && (st.st_mode & S_IWOTH))
		return sclog_error_set(err, -EPERM,
				       "refusing the %s %s (%s): every user can write "
				       "it; %s",
				       what, path, where, fix);
	if (!sticky && (st.st_mode & S_IWGRP) &&
	    !((exe->st_mode & S_IWGRP) && exe->st_gid == st.st_gid))
		return sclog_error_set(err, -EPERM,
				       "refusing the %s %s (%s): group %u can write "
				       "it; %s",
				       what, path, where, (unsigned)st.st_gid, fix);
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return sclog_error_set(err, -EPERM,
				       "refusing the %s %s (%s): not a regular file; %s", what,
				       path, where, fix);
	return 0;
}

/* Where each table read so far came from, for the report: name, source, …, NULL. */
static char *data_sources[2 * 8 + 1];

static void note_source(const char *name, const char *source)
{
	char *copy;
	size_t i = 0;

	while (data_sources[i] && strcmp(data_sources[i], name) != 0)
		i += 2;
	if (i + 2 >= ELEMENTSOF(data_sources) || !(copy = strdup(source)))
		return; /* not reported: there are four tables */
	if (!data_sources[i] && !(data_sources[i] = strdup(name))) {
		free(copy);
		return;
	}
	free(data_sources[i + 1]);
	data_sources[i + 1] = copy;
}

const char *const *sclog_data_sources(void)
{
	return (const char *const *)data_sources;
}

/* Read @name from the directory @dir; 0, -ENOENT when it has none, or -errno. */
static int load_from(const char *dir, const char *where, const char *fix, const char *name,
		     const struct stat *exe, char **ret_text, size_t *ret_len, char **ret_source,
		     struct sclog_error *err)
{
	_cleanup_close_ int dfd = -1, fd = -1;
	_cleanup_free_ char *path = NULL;
	int r;

	/* The directory is opened once and checked; the file is opened in it
	 * and checked in turn, so what is checked is what is read. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && errno == ENOENT)
		return -ENOENT;
	if (dfd < 0)
		return sclog_error_set(err, -errno, "cannot open the data directory %s (%s): %m",
				       dir, where);
	r = check_trusted(dfd, dir, where, fix, exe, err);
	if (r < 0)
		return r;
	if (asprintf(&path, "%s/%s", dir, name) < 0) {
		path = NULL;
		return sclog_error_oom(err);
	}
	/* No symlink: its target could lie anywhere. O_NONBLOCK: a FIFO is
	 * refused rather than waited on. */
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return -ENOENT;
	if (fd < 0 && errno == ELOOP)
		return sclog_error_set(err, -EPERM,
				       "refusing the data file %s (%s): a symbolic "
				       "link, whose target could lie anywhere; copy the file "
				       "itself there, or %s",
				       path, where, fix);
	if (fd < 0)
		return sclog_error_set(err, -errno, "cannot open %s (%s): %m", path, where);
	r = check_trusted(fd, path, where, fix, exe, err);
	if (r < 0)
		return r;
	r = sclog_read_fd(fd, path, DATA_MAX_BYTES, ret_text, ret_len, err);
	if (r < 0)
		return r;
	*ret_source = TAKE_PTR(path);
	return 0;
}

int sclog_data_load(const char *name, char **ret_text, size_t *ret_len, char **ret_source,
		    struct sclog_error *err)
{
	/* SCLOG_BIN_TO_DATADIR is the install data directory relative to the
	 * install bin directory ("../share/sclog"), so a tree installed with
	 * any --prefix, or moved whole, finds its own data. */
	_cleanup_free_ char *bindir = exe_dir(), *beside = NULL, *source = NULL;
	struct stat exe = { .st_uid = 0 };
	const char *fix_tree = "give it to root (chown -R root:root; chmod -R go-w) or reinstall "
			       "sclog as root";
	struct {
		const char *dir, *where, *fix;
	} dirs[] = {
		{ getenv("SCLOG_DATADIR"), "from $SCLOG_DATADIR",
		  "unset SCLOG_DATADIR to use the installed tables, or give the directory and "
		  "its files to root (or to you), writable by no one else (chown root:root; "
		  "chmod go-w)" },
		{ NULL, "the install tree of the sclog binary", fix_tree },
		{ NULL, "the source tree of this build", fix_tree },
	};
	int r;

	if (bindir && asprintf(&beside, "%s/" SCLOG_BIN_TO_DATADIR, bindir) < 0)
		beside = NULL;
	dirs[1].dir = beside;
	/* Only for a binary in its build directory: a copy elsewhere, even
	 * on this machine, finds its own tables. */
	dirs[2].dir = is_build_dir(bindir) ? SCLOG_SOURCE_DATADIR : NULL;
	if (stat("/proc/self/exe", &exe) < 0)
		exe = (struct stat){ .st_uid = 0 };
	for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
		if (!dirs[i].dir || !*dirs[i].dir)
			continue;
		r = load_from(dirs[i].dir, dirs[i].where, dirs[i].fix, name, &exe, ret_text,
			      ret_len, &source, err);
		if (r == -ENOENT)
			continue;
		if (r < 0)
			return r;
		note_source(name, source);
		*ret_source = TAKE_PTR(source);
		return 0;
	}
	/* The copy compiled in: a binary copied on its own still runs. */
	for (const struct sclog_embedded_table *t = sclog_embedded_tables; t->name; t++) {
		_cleanup_free_ char *text = NULL;

		if (strcmp(t->name, name) != 0)
			continue;
		text = malloc(t->len + 1);
		if (!text || asprintf(&source, "%s (compiled into sclog)", name) < 0) {
			source = NULL;
			return sclog_error_oom(err);
		}
		memcpy(text, t->text, t->len + 1);
		note_source(name, "embedded");
		*ret_text = TAKE_PTR(text);
		*ret_len = t->len;
		*ret_source = TAKE_PTR(source);
		return 0;
	}
	return sclog_error_set(err, -ENOENT,
			       "cannot find %s (looked in $SCLOG_DATADIR, %s and "
			       "among the tables compiled in); set SCLOG_DATADIR to the directory "
			       "holding it",
			       name, beside ? beside : "../" SCLOG_BIN_TO_DATADIR);
}

int sclog_load_runtime(const char *runtime, struct sclog_runtime_needs *ret,
		       struct sclog_error *err)
{
	_cleanup_free_ char *source = NULL, *buf = NULL;
	size_t len;
	int r = sclog_data_load("runtimes.json", &buf, &len, &source, err);

	if (r < 0)
		return r;
	return sclog_runtime_lookup(buf, len, source, runtime, ret, err);
}

int sclog_load_fallbacks(char ***ret_names, struct sclog_error *err)
{
	_cleanup_free_ char *source = NULL, *buf = NULL;
	size_t len;
	int r = sclog_data_load("fallbacks.json", &buf, &len, &source, err);

	if (r < 0)
		return r;
	return sclog_fallbacks_parse(buf, len, source, ret_names, err);
}

int sclog_load_args(struct sclog_args_spec **ret, struct sclog_error *err)
{
	_cleanup_free_ char *source = NULL, *buf = NULL;
	uint32_t arches[8];
	size_t len, n;
	int r = sclog_data_load("args.json", &buf, &len, &source, err);

	if (r < 0)
		return r;
	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	return sclog_args_spec_parse(buf, len, source, arches, n, ret, err);
}

int sclog_load_translation(struct sclog_translate_table **ret, struct sclog_error *err)
{
	_cleanup_free_ char *source = NULL, *buf = NULL;
	size_t len;
	int r = sclog_data_load("arch-translate.json", &buf, &len, &source, err);

	if (r < 0)
		return r;
	return sclog_translate_parse(buf, len, source, ret, err);
}
