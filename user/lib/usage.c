/*
 * usage.c — the usage convention every program in /bin follows (usage.h):
 * -h/--help prints the usage and exits 0; a bad option or operand prints
 * "PROG: what is wrong" and the usage on stderr and exits 2.
 *
 * usage_getopt is lib/getopt.c's POSIX getopt with two of GNU's habits:
 *
 *   1. Permutation.  Before the first option is parsed, argv is reordered
 *      so that the options (with their values) come first, then "--" if
 *      there was one, then the operands in their order:
 *
 *          ls /bin -l -- -x     becomes     ls -l -- /bin -x
 *
 *      getopt then stops at the first operand as POSIX says, and the program
 *      finds its operands at argv[optind..].  Words after "--" are never
 *      options.  A leading '+' in optstring (or POSIXLY_CORRECT in the
 *      environment) keeps POSIX's order: options end at the first operand.
 *
 *   2. Long options: "--help" always, others from a small table.
 *
 * getopt's own messages are turned off (opterr = 0, a ':' in front of the
 * optstring so a missing value is told from an unknown option); the text is
 * usage_error's, which names the program as err.h does (__progname).
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

static const char *usage_text; /* the program's, from usage_getopt or usage_set */
static int is_in_group;	       /* getopt stopped inside "-abc": no permuting now */

void usage_set(const char *usage)
{
	usage_text = usage;
}

int usage_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* The usage text to fd, with a newline at its end whether it had one or not. */
static void usage_write(int fd)
{
	if (!usage_text)
		return;
	size_t len = strlen(usage_text);
	write(fd, usage_text, len);
	if (len == 0 || usage_text[len - 1] != '\n')
		write(fd, "\n", 1);
}

_Noreturn void usage_help(void)
{
	fflush(stdout);
	usage_write(1);
	exit(0);
}

_Noreturn void usage_error(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n = snprintf(line, sizeof(line), "%s: ", __progname);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	fflush(stdout); /* what the program printed before comes first */
	write(2, line, (size_t)n);
	usage_write(2);
	exit(2);
}

void usage_need_two_operands(int argc, char **argv, const char *what, const char *then)
{
	if (optind == argc)
		usage_error("missing %s", what);
	if (argc - optind < 2)
		usage_error("missing %s after '%s'", then, argv[optind]);
}

long usage_number(const char *text, long min, long max, const char *what)
{
	char *end;
	errno = 0;
	long n = strtol(text, &end, 10);
	if (isspace((unsigned char)text[0]) || end == text || *end || errno || n < min || n > max)
		usage_error("invalid %s: '%s'", what, text);
	return n;
}

static const struct usage_option *long_find(const struct usage_option *longopts, const char *name,
					    size_t len)
{
	for (const struct usage_option *o = longopts; o && o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

/* Is this option word ("-n", "-ln", "--date") followed by its value as the next word? */
static int takes_next_word(const char *word, const char *optstring,
			   const struct usage_option *longopts)
{
	if (word[1] == '-') {
		const struct usage_option *o =
		    long_find(longopts, word + 2, strcspn(word + 2, "="));
		return o && o->has_arg && !strchr(word, '=');
	}
	for (const char *p = word + 1; *p; p++) {
		const char *spec = *p == ':' ? NULL : strchr(optstring, *p);
		if (spec && spec[1] == ':')
			return p[1] == '\0'; /* "-n5" carries its value, "-n" does not */
	}
	return 0;
}

/* Options first, then "--", then the operands (see the top of the file).
 * In place: each word moves to an index no higher than where it was read,
 * and the words after "--" are already where they belong. */
static void usage_permute(int argc, char **argv, const char *optstring,
			  const struct usage_option *longopts)
{
	char **operands = malloc((size_t)argc * sizeof(*operands));
	if (!operands)
		return; /* POSIX order still works */
	int nr_options = 1, nr_operands = 0, i;
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		char *word = argv[i];
		if (word[0] != '-' || word[1] == '\0') { /* "-" is an operand: stdin */
			operands[nr_operands++] = word;
			continue;
		}
		argv[nr_options++] = word;
		if (takes_next_word(word, optstring, longopts) && i + 1 < argc)
			argv[nr_options++] = argv[++i];
	}
	if (i < argc)
		argv[nr_options++] = argv[i]; /* the "--" */
	memcpy(argv + nr_options, operands, (size_t)nr_operands * sizeof(*operands));
	free(operands);
}

/* argv[optind] is "--NAME" or "--NAME=VALUE". */
static int usage_long_option(int argc, char **argv, const struct usage_option *longopts)
{
	const char *arg = argv[optind++] + 2;
	size_t len = strcspn(arg, "=");
	if (strcmp(arg, "help") == 0)
		usage_help();
	const struct usage_option *o = long_find(longopts, arg, len);
	if (!o)
		usage_error("unrecognized option '--%s'", arg);
	optarg = NULL;
	if (arg[len] == '=') {
		if (!o->has_arg)
			usage_error("option '--%s' doesn't allow an argument", o->name);
		optarg = (char *)arg + len + 1;
	} else if (o->has_arg) {
		if (optind >= argc)
			usage_error("option '--%s' requires an argument", o->name);
		optarg = argv[optind++];
	}
	return o->val;
}

int usage_getopt_long(int argc, char **argv, const char *optstring,
		      const struct usage_option *longopts, const char *usage)
{
	char spec[64];
	usage_text = usage;
	int is_posix_order = optstring[0] == '+' || getenv("POSIXLY_CORRECT");
	if (optstring[0] == '+')
		optstring++;
	if (optind == 1 && !is_in_group && !is_posix_order)
		usage_permute(argc, argv, optstring, longopts);
	if (!is_in_group && optind < argc && strncmp(argv[optind], "--", 2) == 0 && argv[optind][2])
		return usage_long_option(argc, argv, longopts);
	snprintf(spec, sizeof(spec), ":%s", optstring);
	opterr = 0;
	int before = optind;
	int c = getopt(argc, argv, spec);
	is_in_group = c != -1 && optind == before;
	if (c == ':')
		usage_error("option requires an argument -- '%c'", optopt);
	if (c == '?' && optopt == 'h')
		usage_help();
	if (c == '?')
		usage_error("invalid option -- '%c'", optopt);
	return c;
}

int usage_getopt(int argc, char **argv, const char *optstring, const char *usage)
{
	return usage_getopt_long(argc, argv, optstring, NULL, usage);
}
