/*
 * env.c — print the environment, or run a command in a changed one:
 *     env [-i] [NAME=VALUE...] [CMD [ARG...]]
 * -i starts from an empty environment.  Options end at the first operand:
 * what follows CMD is CMD's.  Exit status 127: CMD not found; 126: found but
 * could not be run; 2: a bad option.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: env [-i] [NAME=VALUE...] [CMD [ARG...]]\n";

int main(int argc, char **argv)
{
	static char *empty[] = {NULL};
	while (usage_getopt(argc, argv, "+i", usage) != -1)
		environ = empty; /* -i */
	int i = optind;
	for (; i < argc && strchr(argv[i], '='); i++)
		if (putenv(argv[i]) < 0)
			err(1, "%s", argv[i]);
	if (i == argc) {
		for (char **e = environ; *e; e++)
			puts(*e);
		return 0;
	}
	execvp(argv[i], argv + i);
	int status = errno == ENOENT ? 127 : 126;
	warn("%s", argv[i]);
	return status;
}
