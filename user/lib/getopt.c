/*
 * getopt.c — POSIX getopt: short options, grouped (-la), with arguments
 * attached (-n5) or separate (-n 5); "--" ends the options, and so does the
 * first operand.  Messages read like glibc's.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

static int next_char = 1; /* position inside argv[optind] */

static int getopt_fail(char *const argv[], const char *optstring, const char *what, int c)
{
	optopt = c;
	if (opterr && optstring[0] != ':')
		fprintf(stderr, "%s: %s -- '%c'\n", argv[0], what, c);
	return '?';
}

int getopt(int argc, char *const argv[], const char *optstring)
{
	optarg = NULL;
	if (next_char == 1) {
		if (optind >= argc || argv[optind][0] != '-' || argv[optind][1] == '\0')
			return -1;
		if (strcmp(argv[optind], "--") == 0) {
			optind++;
			return -1;
		}
	}
	int c = argv[optind][next_char++];
	const char *spec = c == ':' ? NULL : strchr(optstring, c);
	int at_end = argv[optind][next_char] == '\0';
	if (!spec) {
		if (at_end)
			optind++, next_char = 1;
		return getopt_fail(argv, optstring, "invalid option", c);
	}
	if (spec[1] != ':') {
		if (at_end)
			optind++, next_char = 1;
		return c;
	}
	if (!at_end) { /* -n5 */
		optarg = &argv[optind][next_char];
	} else if (optind + 1 < argc) { /* -n 5 */
		optarg = argv[++optind];
	} else {
		optind++, next_char = 1;
		if (optstring[0] == ':') {
			optopt = c;
			return ':';
		}
		return getopt_fail(argv, optstring, "option requires an argument", c);
	}
	optind++, next_char = 1;
	return c;
}
