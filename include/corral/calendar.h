/*
 * calendar.h — dates and times of day against seconds since the Unix epoch
 * (1970-01-01 00:00:00 UTC), in the proleptic Gregorian calendar, no leap
 * seconds: the arithmetic the wall clock needs (kernel/calendar.c).
 */
#ifndef CORRAL_CALENDAR_H
#define CORRAL_CALENDAR_H

#include <corral/types.h>

struct calendar_time {
	int32_t year;	/* 1 or later: 2026 */
	uint8_t month;	/* 1..12 */
	uint8_t day;	/* 1..31 */
	uint8_t hour;	/* 0..23 */
	uint8_t minute; /* 0..59 */
	uint8_t second; /* 0..59 */
};

bool calendar_is_leap_year(int32_t year);
uint8_t calendar_days_in_month(int32_t year, uint8_t month);
bool calendar_is_valid(const struct calendar_time *t);
/* Days from 1970-01-01 to year-month-day (negative before 1970). */
int64_t calendar_days_from_date(int32_t year, uint8_t month, uint8_t day);
int64_t calendar_to_epoch(const struct calendar_time *t);
void calendar_from_epoch(int64_t seconds, struct calendar_time *t);

#endif
