/*
 * echo.c — print the arguments separated by spaces; -n: no newline at the end.
 * (The shell has the same command built in; this one serves exec and env.)
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int newline = 1, i = 1;
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
