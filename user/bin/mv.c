/*
 * mv.c — move (rename) files: mv SRC DST, or mv SRC... DIR.  Across
 * filesystems (EXDEV: /tmp is ramfs, /mnt is ext2) a rename is impossible, so
 * a regular file is copied by running cp and the original is then removed.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <usage.h>

static int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int copy_then_remove(const char *src, const char *dst)
{
	struct stat st;
	if (lstat(src, &st) < 0 || !S_ISREG(st.st_mode)) {
		errno = EXDEV;
		warn("%s", src);
		return -1;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		warn("fork");
		return -1;
	}
	if (pid == 0) {
		char *args[] = {"cp", "--", (char *)src, (char *)dst, NULL};
		execvp("cp", args);
		warn("cp");
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1; /* cp said what went wrong */
	if (unlink(src) < 0) {
		warn("%s", src);
		return -1;
	}
	return 0;
}

static int move(const char *src, const char *dst)
{
	if (rename(src, dst) == 0)
		return 0;
	if (errno == EXDEV)
		return copy_then_remove(src, dst);
	warn("%s", errno == ENOENT && access(src, F_OK) == 0 ? dst : src);
	return -1;
}

static const char usage[] = "usage: mv SRC DST | mv SRC... DIR\n";

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
		status |= move(argv[i], dst) < 0;
	}
	return status;
}
