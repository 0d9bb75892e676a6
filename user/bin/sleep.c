/*
 * sleep.c — wait:  sleep SECONDS...
 *
 * SECONDS may have a fraction ("0.5") and a unit as GNU sleep takes them:
 * s (seconds, the default), m (minutes), h (hours), d (days).  Several
 * operands add up ("sleep 1m 30").  A negative number would read as an
 * option, and is refused like any bad option (lib/usage.c).
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <usage.h>

static const char usage[] = "usage: sleep SECONDS...   (a fraction and s, m, h or d allowed)\n";

#define SLEEP_MAX_SECONDS 0x7fffffffL

/* Parses "S[.FFF][smhd]" into whole seconds and nanoseconds; -1 on anything else. */
static int parse_duration(const char *s, long long *sec, long long *nsec)
{
	static const char units[] = "smhd";
	static const long scale[] = {1, 60, 3600, 86400};
	long long whole = 0, frac = 0, frac_scale = 1000000000;
	if (!isdigit((unsigned char)*s) && *s != '.')
		return -1;
	for (; isdigit((unsigned char)*s) && whole <= SLEEP_MAX_SECONDS; s++)
		whole = whole * 10 + (*s - '0');
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			if (frac_scale >= 10)
				frac += (*s - '0') * (frac_scale /= 10);
	long unit = 1;
	if (*s && strchr(units, *s) && s[1] == '\0')
		unit = scale[strchr(units, *s++) - units];
	if (*s || whole > SLEEP_MAX_SECONDS)
		return -1;
	frac *= unit; /* nanoseconds, perhaps more than a second's worth now */
	*sec = whole * unit + frac / 1000000000;
	*nsec = frac % 1000000000;
	return 0;
}

int main(int argc, char **argv)
{
	long long sec = 0, nsec = 0;
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind == argc)
		usage_error("missing operand");
	for (int i = optind; i < argc; i++) {
		long long s, ns;
		if (parse_duration(argv[i], &s, &ns) < 0)
			usage_error("invalid time interval '%s'", argv[i]);
		sec += s;
		nsec += ns;
	}
	sec += nsec / 1000000000;
	struct timespec ts = {(time_t)(sec > SLEEP_MAX_SECONDS ? SLEEP_MAX_SECONDS : sec),
			      (long)(nsec % 1000000000)};
	while (nanosleep(&ts, &ts) < 0) {
		if (errno != EINTR)
			err(1, "nanosleep");
	}
	return 0;
}
