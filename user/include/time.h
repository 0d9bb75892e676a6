/*
 * time.h — clocks, sleeping and calendar time (struct timespec and the clock
 * ids are Linux's, <uapi/time.h>).
 *
 * Corral keeps no time zones: local time is UTC, so localtime() is gmtime()
 * and mktime() is timegm().  time_t is 32 bits (Linux i386), so the calendar
 * functions cover 1901-12-13 to 2038-01-19.
 */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>
#include <uapi/time.h>

struct tm {
	int tm_sec;   /* 0..60 */
	int tm_min;   /* 0..59 */
	int tm_hour;  /* 0..23 */
	int tm_mday;  /* 1..31 */
	int tm_mon;   /* 0..11: January is 0 */
	int tm_year;  /* years since 1900 */
	int tm_wday;  /* 0..6: Sunday is 0 */
	int tm_yday;  /* 0..365 */
	int tm_isdst; /* always 0 */
	long tm_gmtoff;      /* seconds east of UTC: always 0 */
	const char *tm_zone; /* "UTC" */
};

/* Clocks and sleeping (lib/time.c). */
int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_gettime(clockid_t clock, struct timespec *ts);
int clock_settime(clockid_t clock, const struct timespec *ts);
int clock_getres(clockid_t clock, struct timespec *res);
/* Returns 0 or the error number itself (not -1 and errno), as POSIX says. */
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem);
time_t time(time_t *t);

/* Calendar time (lib/gmtime.c). */
struct tm *gmtime_r(const time_t *t, struct tm *tm);
struct tm *gmtime(const time_t *t);
struct tm *localtime_r(const time_t *t, struct tm *tm);
struct tm *localtime(const time_t *t);
time_t timegm(struct tm *tm); /* normalizes tm's fields; -1 and EOVERFLOW if out of range */
time_t mktime(struct tm *tm);
double difftime(time_t end, time_t start);

/* Formatting (lib/strftime.c): the C locale's names and formats. */
size_t strftime(char *restrict s, size_t max, const char *restrict format,
		const struct tm *restrict tm);

#endif
