/*
 * sleep.c — wait N seconds; N may have a fraction ("0.5").
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <time.h>

/* Parses "S[.FFF]" into a timespec; returns -1 on anything else. */
static int parse_duration(const char *s, struct timespec *ts)
{
	ts->tv_sec = 0;
	ts->tv_nsec = 0;
	if (!isdigit((unsigned char)*s) && *s != '.')
		return -1;
	for (; isdigit((unsigned char)*s); s++)
		ts->tv_sec = ts->tv_sec * 10 + (*s - '0');
	if (*s == '.') {
		long scale = 100000000;
		for (s++; isdigit((unsigned char)*s); s++, scale /= 10)
			ts->tv_nsec += (*s - '0') * scale;
	}
	return *s ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct timespec ts;
	if (argc != 2)
		errx(1, "usage: sleep SECONDS");
	if (parse_duration(argv[1], &ts) < 0)
		errx(1, "invalid time interval '%s'", argv[1]);
	while (nanosleep(&ts, &ts) < 0) {
		if (errno != EINTR)
			err(1, "nanosleep");
	}
	return 0;
}
