/*
 * ln.c — make links:  ln [-s] [-f] TARGET LINK,  or  ln [-s] [-f] TARGET... DIR
 *
 * Without -s, LINK becomes a second name of TARGET's inode (a hard link: same
 * filesystem, not a directory).  With -s, LINK is a symbolic link: a small
 * file holding the text TARGET, which is not checked (it may name nothing
 * yet), and which a relative lookup later resolves from LINK's directory,
 * not from where ln ran.  When the last operand is a directory (a link to
 * one counts), each link goes into it under TARGET's last name.  -f removes
 * an existing LINK first (never a directory).
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define USAGE "usage: ln [-s] [-f] TARGET LINK | ln [-s] [-f] TARGET... DIR"

static int is_symbolic, is_forced;

static _Noreturn void usage_error(void)
{
	fprintf(stderr, "%s\n", USAGE);
	_exit(2);
}

static int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* -f: an existing name goes first, unless it is a directory. */
static int remove_existing(const char *link_path)
{
	struct stat st;
	if (lstat(link_path, &st) < 0)
		return 0; /* nothing there, or the link call reports the problem */
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	return unlink(link_path);
}

static int make_link(const char *target, const char *link_path)
{
	if (is_forced && remove_existing(link_path) < 0) {
		warn("%s", link_path);
		return -1;
	}
	int ret = is_symbolic ? symlink(target, link_path) : link(target, link_path);
	if (ret < 0) {
		/* A missing hard-link target is its own fault; anything else, the new name's. */
		int blame_target = !is_symbolic && errno == ENOENT && access(target, F_OK) < 0;
		warn("%s", blame_target ? target : link_path);
		return -1;
	}
	return 0;
}

/* Options: -s, -f (grouped or not), -h / --help; anything else is an error. */
static int parse_options(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			puts(USAGE);
			_exit(0);
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 's') {
				is_symbolic = 1;
			} else if (*p == 'f') {
				is_forced = 1;
			} else {
				warnx("invalid option -- '%c'", *p);
				usage_error();
			}
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	int first = parse_options(argc, argv);
	int nr_operands = argc - first;
	if (nr_operands < 2) {
		if (nr_operands)
			warnx("missing link name after '%s'", argv[first]);
		else
			warnx("missing operand");
		usage_error();
	}
	const char *last = argv[argc - 1];
	int into_dir = is_directory(last);
	if (nr_operands > 2 && !into_dir) {
		errno = ENOTDIR;
		err(1, "%s", last);
	}
	int status = 0;
	for (int i = first; i < argc - 1; i++) {
		char path[PATH_MAX];
		const char *link_path = last;
		if (into_dir) {
			const char *base = strrchr(argv[i], '/');
			snprintf(path, sizeof(path), "%s/%s", last, base ? base + 1 : argv[i]);
			link_path = path;
		}
		status |= make_link(argv[i], link_path) < 0;
	}
	return status;
}
