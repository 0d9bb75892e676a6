/*
 * date.c — print or set the wall clock:
 *
 *     date [-u] [-d @SECONDS] [+FORMAT]     print now, or the given time
 *     date -s @SECONDS                      set the clock (root), then print it
 *
 * The default format is GNU date's in the C locale, "%a %b %e %H:%M:%S %Z
 * %Y" (Wed Dec  2 14:22:16 UTC 2026); +FORMAT takes strftime's conversions
 * (lib/strftime.c).  Corral keeps only UTC, so -u (--utc) changes nothing.
 * Times are given as GNU's "@SECONDS since 1970"; -d and -s also take their
 * argument attached (-d@0) or as --date=@0, --set=@0.  A clock that cannot be
 * set is reported as GNU date does, "date: cannot set date: Operation not
 * permitted", the time is printed anyway and the status is 1.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define DATE_USAGE "usage: date [-u] [-d @SECONDS | -s @SECONDS] [+FORMAT]"
#define DATE_DEFAULT_FORMAT "%a %b %e %H:%M:%S %Z %Y"

struct date_options {
	const char *format;
	const char *show; /* -d: the time to print instead of now */
	const char *set;  /* -s: the time to set the clock to */
};

static _Noreturn void date_usage_error(const char *fmt, const char *what)
{
	fprintf(stderr, "date: ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, "\n%s\n", DATE_USAGE);
	exit(2);
}

/* "-d VALUE", "-dVALUE" and "--date=VALUE"; advances *i past what it took. */
static const char *date_option_value(int argc, char **argv, int *i, const char *shortopt,
				     const char *longopt)
{
	const char *arg = argv[*i];
	size_t long_len = strlen(longopt);
	if (strncmp(arg, longopt, long_len) == 0 && arg[long_len] == '=')
		return arg + long_len + 1;
	if (strcmp(arg, shortopt) != 0)
		return arg + 2; /* attached: -d@0 */
	if (++*i >= argc)
		date_usage_error("option requires an argument -- '%s'", shortopt + 1);
	return argv[*i];
}

static void date_parse_args(int argc, char **argv, struct date_options *opt)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			puts(DATE_USAGE);
			exit(0);
		} else if (strcmp(arg, "-u") == 0 || strcmp(arg, "--utc") == 0 ||
			   strcmp(arg, "--universal") == 0) {
			continue;
		} else if (strncmp(arg, "-d", 2) == 0 || strncmp(arg, "--date=", 7) == 0) {
			opt->show = date_option_value(argc, argv, &i, "-d", "--date");
		} else if (strncmp(arg, "-s", 2) == 0 || strncmp(arg, "--set=", 6) == 0) {
			opt->set = date_option_value(argc, argv, &i, "-s", "--set");
		} else if (arg[0] == '+' && !opt->format) {
			opt->format = arg + 1;
		} else if (arg[0] == '-' && arg[1]) {
			date_usage_error("invalid option '%s'", arg);
		} else {
			date_usage_error("extra operand '%s'", arg);
		}
	}
	if (opt->show && opt->set)
		date_usage_error("%s", "-d and -s cannot be used together");
}

/* "@SECONDS" (GNU's "seconds since 1970"), within what a time_t holds. */
static time_t date_parse_time(const char *text)
{
	char *end;
	errno = 0;
	long long seconds = text[0] == '@' ? strtoll(text + 1, &end, 10) : 0;
	if (text[0] != '@' || end == text + 1 || *end || errno || (time_t)seconds != seconds)
		errx(1, "invalid date '%s'", text);
	return (time_t)seconds;
}

static int date_set_clock(time_t when)
{
	struct timeval tv = {when, 0};
	if (settimeofday(&tv, NULL) < 0) {
		warn("cannot set date");
		return 1;
	}
	return 0;
}

static void date_print(time_t when, const char *format)
{
	static char text[4096];
	struct tm tm;
	gmtime_r(&when, &tm);
	if (strftime(text, sizeof(text), format, &tm) == 0 && format[0])
		errx(1, "the formatted date is longer than %zu bytes", sizeof(text) - 1);
	puts(text);
}

int main(int argc, char **argv)
{
	struct date_options opt = {NULL, NULL, NULL};
	date_parse_args(argc, argv, &opt);
	int status = 0;
	time_t when;
	if (opt.set) {
		when = date_parse_time(opt.set);
		status = date_set_clock(when);
	} else if (opt.show) {
		when = date_parse_time(opt.show);
	} else {
		when = time(NULL);
	}
	date_print(when, opt.format ? opt.format : DATE_DEFAULT_FORMAT);
	return status;
}
