/*
 * calendar.c — convert between a calendar date and time of day (UTC) and
 * seconds since the Unix epoch, 1970-01-01 00:00:00.
 *
 * The rules are the Gregorian calendar's, applied to every year (proleptic):
 * a year is a leap year if divisible by 4, except centuries, except every
 * fourth century (2000 was a leap year, 2100 will not be).  A day is always
 * 86400 seconds: like Unix time, the epoch count ignores leap seconds.
 *
 * The arithmetic is the plain one a student can check by hand, not a closed
 * formula: the days before a date are the days of the whole years before it
 * (365 each plus one per leap year), then of the whole months before it in
 * its year, then its days.  Going back, the year is first guessed from the
 * day count and then corrected by a step or two.  The wall clock
 * (kernel/time.c) starts from the CMOS clock's date (arch/x86/rtc.c) turned
 * into seconds here.  Self tests: kernel/calendar_test.c.
 */
#include <corral/calendar.h>

#define SECONDS_PER_DAY 86400
#define EPOCH_YEAR 1970

/* Days in the months of a common year, January first. */
static const uint8_t month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/* Division rounding towards minus infinity, for dates before 1970. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool calendar_is_leap_year(int32_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

uint8_t calendar_days_in_month(int32_t year, uint8_t month)
{
	if (month == 2 && calendar_is_leap_year(year))
		return 29;
	return month_days[month - 1];
}

bool calendar_is_valid(const struct calendar_time *t)
{
	return t->year >= 1 && t->month >= 1 && t->month <= 12 && t->day >= 1 &&
	       t->day <= calendar_days_in_month(t->year, t->month) && t->hour < 24 &&
	       t->minute < 60 && t->second < 60;
}

/* Leap years among 1 .. year-1 (year >= 1). */
static int64_t leap_years_before(int32_t year)
{
	int64_t y = (int64_t)year - 1;
	return y / 4 - y / 100 + y / 400;
}

/* Days from 0001-01-01 to the first of January of year. */
static int64_t days_before_year(int32_t year)
{
	return ((int64_t)year - 1) * 365 + leap_years_before(year);
}

int64_t calendar_days_from_date(int32_t year, uint8_t month, uint8_t day)
{
	int64_t days = days_before_year(year) - days_before_year(EPOCH_YEAR);
	for (uint8_t m = 1; m < month; m++)
		days += calendar_days_in_month(year, m);
	return days + day - 1;
}

int64_t calendar_to_epoch(const struct calendar_time *t)
{
	int64_t days = calendar_days_from_date(t->year, t->month, t->day);
	return days * SECONDS_PER_DAY + t->hour * 3600 + t->minute * 60 + t->second;
}

/* The year holding day number `days` (counted from 1970-01-01). */
static int32_t year_of_day(int64_t days)
{
	/* 365.2425 days per Gregorian year on average: the guess is off by at
	 * most one year, which the loops put right. */
	int32_t year = (int32_t)(EPOCH_YEAR + floor_div(days * 10000, 3652425));
	while (calendar_days_from_date(year, 1, 1) > days)
		year--;
	while (calendar_days_from_date(year + 1, 1, 1) <= days)
		year++;
	return year;
}

void calendar_from_epoch(int64_t seconds, struct calendar_time *t)
{
	int64_t days = floor_div(seconds, SECONDS_PER_DAY);
	int64_t in_day = seconds - days * SECONDS_PER_DAY;
	t->hour = (uint8_t)(in_day / 3600);
	t->minute = (uint8_t)(in_day / 60 % 60);
	t->second = (uint8_t)(in_day % 60);

	t->year = year_of_day(days);
	int64_t day_of_year = days - calendar_days_from_date(t->year, 1, 1);
	uint8_t month = 1;
	while (day_of_year >= calendar_days_in_month(t->year, month))
		day_of_year -= calendar_days_in_month(t->year, month++);
	t->month = month;
	t->day = (uint8_t)(day_of_year + 1);
}
