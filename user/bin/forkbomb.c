/*
 * forkbomb.c — a workload that uses task slots:
 *
 *     forkbomb N [-s SECONDS]
 *
 * Tries to fork N children that only wait (pause) until killed.  Each failed
 * fork is reported ("forkbomb: fork: Resource temporarily unavailable" when a
 * container's task_limit refuses it).  After the attempts -- and SECONDS more
 * with -s, to look at the children with ps -- it kills and reaps every child
 * and says how many forks succeeded.
 */
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: forkbomb N [-s SECONDS]\n";

int main(int argc, char **argv)
{
	long n, hold = 0;
	while (usage_getopt(argc, argv, "s:", usage) != -1)
		hold = usage_number(optarg, 0, 86400, "number of seconds"); /* -s */
	if (optind == argc)
		usage_error("missing N");
	if (argc - optind > 1)
		usage_error("extra operand '%s'", argv[optind + 1]);
	n = usage_number(argv[optind], 1, 1L << 20, "number of children");
	pid_t *children = calloc((size_t)n, sizeof(pid_t));
	if (!children)
		err(1, "out of memory");
	long forked = 0;
	pid_t parent = getpid();
	fflush(stdout);
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			/* Die with the parent: when it is killed (^C reaches the
			 * whole group anyway, but the OOM killer takes one task),
			 * the children must not linger, holding memory. */
			prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
			if (getppid() != parent)
				_exit(0); /* it died before we asked */
			for (;;)
				pause();
		}
		if (pid < 0)
			warn("fork");
		else
			children[forked++] = pid;
	}
	if (hold > 0)
		sleep((unsigned)hold);
	for (long i = 0; i < forked; i++)
		kill(children[i], SIGKILL);
	for (long i = 0; i < forked; i++)
		waitpid(children[i], NULL, 0);
	printf("forkbomb: %ld of %ld forks succeeded\n", forked, n);
	return 0;
}
