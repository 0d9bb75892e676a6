/*
 * env.c — print the environment, or run a command in a changed one:
 *     env [-i] [NAME=VALUE...] [CMD [ARG...]]
 * -i starts from an empty environment.  Exit status 127: CMD not found;
 * 126: found but could not be run.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i = 1;
	static char *empty[] = {NULL};
	if (i < argc && strcmp(argv[i], "-i") == 0) {
		environ = empty;
		i++;
	}
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
