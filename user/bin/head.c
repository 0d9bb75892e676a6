/*
 * head.c — the first lines of files:  head [-n N] [FILE...]   (also head -N)
 *
 * Prints the first N lines (default 10) of each FILE, or of standard input
 * ("-" too).  With several files each part is headed "==> FILE <==", with a
 * blank line between parts, as GNU head does.  head stops reading as soon
 * as it has its lines, so "yes | head -n 3" ends.  The old form "-N" is
 * taken as "-n N" when it is the first argument (GNU's rule).
 */
#include <err.h>
#include <fileio.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] =
    "usage: head [-n N | -N] [FILE...]   (the first N lines, 10 by default)\n";

static char buf[8192];

/* Copy lines of fd until `lines` newlines have gone out, or the end. */
static int head_fd(int fd, const char *name, long lines)
{
	while (lines > 0) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0) {
			warn("%s", name);
			return 1;
		}
		size_t keep = 0;
		while (keep < (size_t)n && lines > 0)
			if (buf[keep++] == '\n')
				lines--;
		if (write_all(1, buf, keep) < 0)
			err(1, "write error");
	}
	return 0;
}

static int head_file(const char *name, long lines, int show_name, int is_first)
{
	int is_stdin = strcmp(name, "-") == 0;
	int fd = is_stdin ? 0 : open(name, O_RDONLY);
	if (fd < 0) {
		warn("%s", name);
		return 1;
	}
	if (show_name)
		printf("%s==> %s <==\n", is_first ? "" : "\n", is_stdin ? "standard input" : name);
	fflush(stdout);
	int status = head_fd(fd, name, lines);
	if (!is_stdin)
		close(fd);
	return status;
}

/* "-5" as the first argument means "-n 5": rewrite it so getopt reads it. */
static void old_form(int argc, char **argv)
{
	static char rewritten[32];
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9' &&
	    strspn(argv[1] + 1, "0123456789") == strlen(argv[1] + 1) && strlen(argv[1]) < 24) {
		snprintf(rewritten, sizeof(rewritten), "-n%s", argv[1] + 1);
		argv[1] = rewritten;
	}
}

int main(int argc, char **argv)
{
	long lines = 10;
	old_form(argc, argv);
	while (usage_getopt(argc, argv, "n:", usage) != -1)
		lines = usage_number(optarg, 0, LONG_MAX, "number of lines"); /* -n */
	if (optind == argc)
		return head_file("-", lines, 0, 1);
	int status = 0;
	for (int i = optind; i < argc; i++)
		status |= head_file(argv[i], lines, argc - optind > 1, i == optind);
	return status;
}
