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
#include <usage.h>

#define USAGE "usage: ln [-s] [-f] TARGET LINK | ln [-s] [-f] TARGET... DIR"

static int is_symbolic, is_forced;

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

int main(int argc, char **argv)
{
	int c;
	while ((c = usage_getopt(argc, argv, "sf", USAGE)) != -1) {
		if (c == 's')
			is_symbolic = 1;
		else
			is_forced = 1;
	}
	int first = optind, nr_operands = argc - first;
	if (nr_operands == 0)
		usage_error("missing operand");
	if (nr_operands == 1)
		usage_error("missing link name after '%s'", argv[first]);
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
