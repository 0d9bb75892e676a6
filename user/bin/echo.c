/*
 * echo.c — print the arguments separated by spaces; -n: no newline at the end.
 * (The shell has the same command built in; this one serves exec and env.)
 *
 * echo is the exception to the usage convention (lib/usage.c), as in POSIX:
 * it prints whatever it is given, so "echo -x" prints "-x" and never fails.
 * Only a lone "--help", the whole command line, prints the usage, as GNU's
 * /bin/echo does ("echo --help me" prints "--help me"; so does the shell's
 * built-in echo, which has no usage at all).
 */
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <usage.h>

static const char usage[] = "usage: echo [-n] [STRING...]\n";

int main(int argc, char **argv)
{
	int newline = 1, i = 1;
	usage_set(usage);
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		usage_help();
	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i++;
	}
	for (; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	if (newline)
		putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout))
		err(1, "write error");
	return 0;
}
