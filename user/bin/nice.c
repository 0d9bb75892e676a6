/*
 * nice.c — run a command with a lower (or, for root, higher) priority:
 *
 *     nice                    print the current nice value
 *     nice [-n N] CMD [ARG...]   run CMD with nice raised by N (default 10)
 *
 * As POSIX and coreutils have it: the new value is the current one plus N,
 * kept within -20..19 by the kernel; lowering it needs root, and when the
 * kernel refuses, nice says so and runs the command anyway.  The scheduler
 * weighs the tasks of one container by their nice values (one step is about
 * 10% of the CPU against a busy neighbour one step away; docs/cpu-controller.md).
 * Exit status: the command's, or 125 for nice's own errors (2 for a bad
 * option, as every program here), 126 for a command
 * that cannot run, 127 for one not found.  Options end at CMD.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] =
    "usage: nice [-n N] [CMD [ARG...]]\n"
    "  run CMD with its nice value raised by N (default 10; below 0: root only);\n"
    "  without CMD, print the current nice value\n";

static int parse_adjustment(const char *arg)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (end == arg || *end || errno || n < -1000 || n > 1000)
		usage_error("invalid adjustment: '%s'", arg);
	return (int)n;
}

int main(int argc, char **argv)
{
	int c, adjustment = 10;
	while ((c = usage_getopt(argc, argv, "+n:", usage)) != -1)
		adjustment = parse_adjustment(optarg);
	errno = 0;
	int now = getpriority(PRIO_PROCESS, 0);
	if (now == -1 && errno)
		err(125, "cannot get niceness");
	if (optind == argc) {
		printf("%d\n", now);
		return 0;
	}
	if (setpriority(PRIO_PROCESS, 0, now + adjustment) < 0)
		warn("cannot set niceness");
	execvp(argv[optind], argv + optind);
	int status = errno == ENOENT ? 127 : 126;
	warn("%s", argv[optind]);
	return status;
}
