/*
 * cat.c — copy files (or standard input, also named "-") to standard output.
 * A file that cannot be read is reported and skipped; the status is then 1.
 * -u (unbuffered) is POSIX's and changes nothing: cat never buffers output.
 */
#include <err.h>
#include <fileio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: cat [-u] [FILE...]\n";

static char buf[8192];

/* Returns 0, or -1 after reporting a read error (a write error ends cat). */
static int cat_fd(int fd, const char *name)
{
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0) {
			warn("%s", name);
			return -1;
		}
		if (write_all(1, buf, (size_t)n) < 0)
			err(1, "write error");
	}
}

int main(int argc, char **argv)
{
	int status = 0;
	while (usage_getopt(argc, argv, "u", usage) != -1)
		continue; /* -u: nothing to do */
	if (optind == argc)
		return cat_fd(0, "-") < 0;
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			status |= cat_fd(0, "-") < 0;
			continue;
		}
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			warn("%s", argv[i]);
			status = 1;
			continue;
		}
		status |= cat_fd(fd, argv[i]) < 0;
		close(fd);
	}
	return status;
}
