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
 * argument attached (-d@0) or as --date=@0, --set=@0; options may come after
 * +FORMAT (the usage convention of lib/usage.c).  A clock that cannot be
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
#include <usage.h>

#define DATE_USAGE "usage: date [-u] [-d @SECONDS | -s @SECONDS] [+FORMAT]"
#define DATE_DEFAULT_FORMAT "%a %b %e %H:%M:%S %Z %Y"

struct date_options {
	const char *format;
	const char *show; /* -d: the time to print instead of now */
	const char *set;  /* -s: the time to set the clock to */
};

static const struct usage_option date_long_options[] = {
    {"utc", 0, 'u'}, {"universal", 0, 'u'}, {"date", 1, 'd'}, {"set", 1, 's'}, {NULL, 0, 0},
};

static void date_parse_args(int argc, char **argv, struct date_options *opt)
{
	int c;
	while ((c = usage_getopt_long(argc, argv, "ud:s:", date_long_options, DATE_USAGE)) != -1) {
		if (c == 'd')
			opt->show = optarg;
		else if (c == 's')
			opt->set = optarg;
		/* -u: Corral keeps UTC only */
	}
	for (int i = optind; i < argc; i++) {
		if (argv[i][0] != '+' || opt->format)
			usage_error("extra operand '%s'", argv[i]);
		opt->format = argv[i] + 1;
	}
	if (opt->show && opt->set)
		usage_error("-d and -s cannot be used together");
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
