/*
 * uptime.c — how long the machine has been up, and its load:
 *
 *     uptime       " 12:34:56 up  1:02,  load average: 0.00, 0.01, 0.05"
 *     uptime -p    "up 1 hour, 2 minutes"
 *     uptime -s    "2026-12-03 11:32:54", when it came up
 *
 * procps' formats (lib/uptime.c), without the count of users: Corral keeps no
 * login records.  The time is UTC.
 */
#include <err.h>
#include <stdio.h>
#include <time.h>
#include <uptime.h>
#include <usage.h>

static const char usage[] = "usage: uptime [-p | -s]   (-p: pretty; -s: since when)\n";

int main(int argc, char **argv)
{
	int c, mode = 0;
	while ((c = usage_getopt(argc, argv, "ps", usage)) != -1)
		mode = c;
	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	struct uptime up;
	if (uptime_read(&up) < 0)
		err(1, "/proc");
	char line[160];
	if (mode == 'p') {
		uptime_format_pretty(&up, line, sizeof(line));
	} else if (mode == 's') {
		time_t since = time(NULL) - up.seconds;
		struct tm tm;
		gmtime_r(&since, &tm);
		strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S", &tm);
	} else {
		uptime_format(&up, line, sizeof(line));
	}
	puts(line);
	return 0;
}
