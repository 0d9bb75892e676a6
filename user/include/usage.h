/*
 * usage.h — one usage convention for every program in /bin (lib/usage.c):
 *
 *     PROG -h, PROG --help    the usage text on stdout, status 0
 *     a bad option            "PROG: what is wrong", then the usage text, on
 *                             stderr, status 2 (a missing or extra operand too)
 *
 * A program writes its usage text once, one or more lines that each start
 * "usage: PROG" (further lines may explain), and parses its options with
 * usage_getopt: POSIX getopt with GNU's habits added.  Options may follow
 * the operands (ls /bin -l), "--" ends them, "--help" is never an operand,
 * and every error is reported for the program:
 *
 *     static const char usage[] = "usage: head [-n N] [FILE...]\n";
 *
 *     int main(int argc, char **argv)
 *     {
 *             int c;
 *             while ((c = usage_getopt(argc, argv, "n:", usage)) != -1)
 *                     if (c == 'n')
 *                             lines = usage_number(optarg, 0, LONG_MAX, "number of lines");
 *             if (optind == argc)
 *                     usage_error("missing operand");
 *             ...operands are argv[optind] ... argv[argc - 1]
 *     }
 *
 * usage_getopt never returns '?' or ':': it reports the problem and exits.
 * optstring is getopt's ("n:" = -n takes a value), and:
 *   - a leading '+' stops at the first operand instead of looking past it,
 *     for programs that run a command (env, runas, cexec: what follows the
 *     command is the command's);
 *   - an 'h' in optstring makes -h the program's own option (free -h is
 *     "human", as procps); --help still prints the usage.
 * Long options other than --help come from a table (usage_getopt_long):
 * "--name", "--name=VALUE" or "--name VALUE"; val is what is returned.
 *
 * Programs with a syntax getopt cannot parse (kill -9, dd if=F) call
 * usage_set once and usage_is_help / usage_error themselves.
 */
#ifndef _USAGE_H
#define _USAGE_H

#include <unistd.h> /* optind, optarg */

struct usage_option {
	const char *name; /* without the dashes: "date" for --date */
	int has_arg;	  /* 1: takes a value */
	int val;	  /* what usage_getopt_long returns for it */
};

int usage_getopt(int argc, char **argv, const char *optstring, const char *usage);
/* longopts ends with a {NULL, 0, 0} entry; may be NULL. */
int usage_getopt_long(int argc, char **argv, const char *optstring,
		      const struct usage_option *longopts, const char *usage);

void usage_set(const char *usage);  /* the text usage_error and usage_help print */
int usage_is_help(const char *arg); /* "-h" or "--help" */
_Noreturn void usage_help(void);    /* the usage on stdout, exit 0 */
_Noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* At least two operands from optind, in coreutils' words: "missing WHAT"
 * for none, "missing THEN after 'FIRST'" for one (cp, mv, chmod, chown). */
void usage_need_two_operands(int argc, char **argv, const char *what, const char *then);

/* A decimal number in [min, max], or usage_error("invalid WHAT: 'TEXT'"). */
long usage_number(const char *text, long min, long max, const char *what);

#endif
