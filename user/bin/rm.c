/*
 * rm.c — remove files; -r: directories and everything in them; -f: no
 * complaint about missing files, and a status of 0 for them.
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <usage.h>

static int recursive, force;

static int remove_path(const char *path);

static int remove_contents(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		warn("%s", dir);
		return -1;
	}
	int ret = 0;
	struct dirent *e;
	char child[PATH_MAX];
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s/%s", dir, e->d_name);
		if (remove_path(child) < 0)
			ret = -1;
	}
	closedir(d);
	return ret;
}

static int remove_path(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		warn("%s", path);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive) {
			errno = EISDIR;
			warn("%s", path);
			return -1;
		}
		if (remove_contents(path) < 0)
			return -1;
		if (rmdir(path) < 0) {
			warn("%s", path);
			return -1;
		}
		return 0;
	}
	if (unlink(path) < 0) {
		warn("%s", path);
		return -1;
	}
	return 0;
}

static const char usage[] = "usage: rm [-r] [-f] PATH...\n";

int main(int argc, char **argv)
{
	int c;
	while ((c = usage_getopt(argc, argv, "rRf", usage)) != -1) {
		if (c == 'r' || c == 'R')
			recursive = 1;
		else
			force = 1;
	}
	if (optind >= argc) {
		if (force)
			return 0; /* rm -f with nothing to remove: POSIX says fine */
		usage_error("missing operand");
	}
	int status = 0;
	for (int i = optind; i < argc; i++)
		status |= remove_path(argv[i]) < 0;
	return status;
}
