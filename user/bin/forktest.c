/*
 * forktest.c — xv6's forktest, for timing Corral against xv6 in the same QEMU:
 *
 *     forktest [N]      fork N children (default 1000) that exit at once,
 *                       then wait for every one; print "fork test OK"
 *
 * xv6's own forktest forks until its process table (64 slots) is full, so in
 * xv6 it makes 61 children; `forktest 61` is the same work here.  Children
 * that fail to fork are not an error (a task_limit stops them, as xv6's table
 * does): the test then waits for the ones it made, like xv6's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <usage.h>

#define DEFAULT_CHILDREN 1000

static const char usage[] = "usage: forktest [N]\n";

int main(int argc, char **argv)
{
	long want = DEFAULT_CHILDREN;
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (argc - optind > 1)
		usage_error("extra operand '%s'", argv[optind + 1]);
	if (optind < argc)
		want = usage_number(argv[optind], 1, 1L << 30, "number of children");
	fflush(stdout);
	long made;
	for (made = 0; made < want; made++) {
		pid_t pid = fork();
		if (pid < 0)
			break;
		if (pid == 0)
			_exit(0);
	}
	for (long left = made; left > 0; left--)
		if (wait(NULL) < 0) {
			printf("forktest: wait stopped early\n");
			return 1;
		}
	if (wait(NULL) != -1) {
		printf("forktest: wait got too many\n");
		return 1;
	}
	printf("fork test OK (%ld children)\n", made);
	return 0;
}
