/*
 * gmtime.c — calendar time: seconds since 1970-01-01 00:00:00 UTC against a
 * struct tm (year, month, day, hour, minute, second), both ways.
 *
 * The Gregorian rules for every year: a leap year is divisible by 4, but not
 * by 100 unless by 400; a day is always 86400 seconds (no leap seconds, like
 * Unix time).  The days before a date are those of the whole years before it
 * (365 each, plus the leap days), then of the whole months before it in its
 * year, then its own.  Going back, the year is guessed from the day count
 * (365.2425 days a year on average) and corrected.
 *
 * timegm() also normalizes, as mktime() does: 2026-13-01 becomes 2027-01-01,
 * the 0th of March the last day of February, 61 minutes an hour and one.
 * There are no time zones: local time is UTC.  Next: strftime.c.
 */
#include <errno.h>
#include <time.h>

#define SECONDS_PER_DAY 86400
#define YEAR_MIN 1
#define YEAR_MAX 9999

static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static long long floor_div(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int is_leap_year(long long year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(long long year, int month) /* month 0..11 */
{
	return month_days[month] + (month == 1 && is_leap_year(year));
}

/* Days from 0001-01-01 to the first of January of year (year >= 1). */
static long long days_to_year(long long year)
{
	long long y = year - 1;
	return y * 365 + y / 4 - y / 100 + y / 400;
}

/* Days from 1970-01-01 to the first day of month (0..11) of year. */
static long long days_from_epoch(long long year, int month)
{
	long long days = days_to_year(year) - days_to_year(1970);
	for (int m = 0; m < month; m++)
		days += days_in_month(year, m);
	return days;
}

static long long year_of_day(long long days)
{
	long long year = 1970 + floor_div(days * 10000, 3652425);
	while (days_from_epoch(year, 0) > days)
		year--;
	while (days_from_epoch(year + 1, 0) <= days)
		year++;
	return year;
}

struct tm *gmtime_r(const time_t *t, struct tm *tm)
{
	long long days = floor_div(*t, SECONDS_PER_DAY);
	long long in_day = *t - days * SECONDS_PER_DAY;
	long long year = year_of_day(days);
	int yday = (int)(days - days_from_epoch(year, 0)), month = 0, mday = yday;
	int wday = (int)((days + 4) % 7); /* 1970-01-01 was a Thursday (4) */
	while (mday >= days_in_month(year, month))
		mday -= days_in_month(year, month++);
	*tm = (struct tm){
	    .tm_sec = (int)(in_day % 60),
	    .tm_min = (int)(in_day / 60 % 60),
	    .tm_hour = (int)(in_day / 3600),
	    .tm_mday = mday + 1,
	    .tm_mon = month,
	    .tm_year = (int)(year - 1900),
	    .tm_wday = wday < 0 ? wday + 7 : wday,
	    .tm_yday = yday,
	    .tm_zone = "UTC",
	};
	return tm;
}

struct tm *gmtime(const time_t *t)
{
	static struct tm tm;
	return gmtime_r(t, &tm);
}

struct tm *localtime_r(const time_t *t, struct tm *tm)
{
	return gmtime_r(t, tm);
}

struct tm *localtime(const time_t *t)
{
	return gmtime(t);
}

time_t timegm(struct tm *tm)
{
	long long year = 1900LL + tm->tm_year + floor_div(tm->tm_mon, 12);
	int month = (int)(tm->tm_mon - 12 * floor_div(tm->tm_mon, 12));
	if (year < YEAR_MIN || year > YEAR_MAX) {
		errno = EOVERFLOW;
		return (time_t)-1;
	}
	long long days = days_from_epoch(year, month) + tm->tm_mday - 1;
	long long seconds =
	    days * SECONDS_PER_DAY + tm->tm_hour * 3600LL + tm->tm_min * 60LL + tm->tm_sec;
	time_t t = (time_t)seconds;
	if (t != seconds) { /* past what a 32-bit time_t holds */
		errno = EOVERFLOW;
		return (time_t)-1;
	}
	gmtime_r(&t, tm);
	return t;
}

time_t mktime(struct tm *tm)
{
	return timegm(tm);
}

double difftime(time_t end, time_t start)
{
	return (double)end - (double)start;
}
