/*
 * swapoff.c — turn swap devices off.
 *
 *     swapoff DEVICE...   swapoff(2) each: its pages come back into memory,
 *                         or it stays on (Cannot allocate memory)
 *     swapoff -a          every device listed in /proc/swaps
 *
 * Errors read "swapoff: DEVICE: strerror" and give status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: swapoff [-a | DEVICE...]\n";

static int swapoff_one(const char *path)
{
	if (swapoff(path) == 0)
		return 0;
	fprintf(stderr, "swapoff: %s: %s\n", path, strerror(errno));
	return 1;
}

/* The first word of each line of /proc/swaps but the header. */
static int swapoff_all(void)
{
	int fd = open("/proc/swaps", O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "swapoff: /proc/swaps: %s\n", strerror(errno));
		return 1;
	}
	static char text[4096];
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	int status = 0;
	char *line = strchr(text, '\n');
	while (line && *++line) {
		char *end = strchr(line, '\n');
		size_t len = strcspn(line, " \t\n");
		char path[256];
		if (len > 0 && len < sizeof(path)) {
			memcpy(path, line, len);
			path[len] = '\0';
			status |= swapoff_one(path);
		}
		line = end;
	}
	return status;
}

int main(int argc, char **argv)
{
	int do_all = 0;
	while (usage_getopt(argc, argv, "a", usage) != -1)
		do_all = 1; /* -a */
	if (do_all && optind < argc)
		usage_error("-a takes no DEVICE: '%s'", argv[optind]);
	if (do_all)
		return swapoff_all();
	if (optind == argc)
		usage_error("missing DEVICE");
	int status = 0;
	for (int i = optind; i < argc; i++)
		status |= swapoff_one(argv[i]);
	return status;
}
