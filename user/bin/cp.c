/*
 * cp.c — copy files: cp SRC DST, or cp SRC... DIR (each into DIR under its own
 * name).  The copy gets the source's permission bits.  Directories are not
 * copied (there is no -r).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <usage.h>

static char buf[8192];

static int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int copy_data(int from, int to, const char *src, const char *dst)
{
	for (;;) {
		ssize_t n = read(from, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0) {
			warn("%s", src);
			return -1;
		}
		for (ssize_t done = 0; done < n;) {
			ssize_t k = write(to, buf + done, (size_t)(n - done));
			if (k < 0) {
				warn("%s", dst);
				return -1;
			}
			done += k;
		}
	}
}

static int copy_file(const char *src, const char *dst)
{
	struct stat st;
	int from = open(src, O_RDONLY);
	if (from < 0) {
		warn("%s", src);
		return -1;
	}
	if (fstat(from, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(from);
		errno = EISDIR;
		warn("%s", src);
		return -1;
	}
	int to = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 0777);
	if (to < 0) {
		warn("%s", dst);
		close(from);
		return -1;
	}
	int ret = copy_data(from, to, src, dst);
	close(from);
	if (close(to) < 0 && ret == 0) {
		warn("%s", dst);
		ret = -1;
	}
	return ret;
}

static const char usage[] = "usage: cp SRC DST | cp SRC... DIR\n";

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	usage_need_two_operands(argc, argv, "file operand", "destination file operand");
	const char *target = argv[argc - 1];
	int into_dir = is_directory(target);
	if (argc - optind > 2 && !into_dir) {
		errno = ENOTDIR;
		err(1, "%s", target);
	}
	int status = 0;
	for (int i = optind; i < argc - 1; i++) {
		char path[PATH_MAX];
		const char *dst = target;
		if (into_dir) {
			const char *base = strrchr(argv[i], '/');
			snprintf(path, sizeof(path), "%s/%s", target, base ? base + 1 : argv[i]);
			dst = path;
		}
		status |= copy_file(argv[i], dst) < 0;
	}
	return status;
}
