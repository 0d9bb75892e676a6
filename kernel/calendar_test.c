/*
 * calendar_test.c — self tests of the date arithmetic (kernel/calendar.c):
 * known dates against their epoch seconds, both ways, and the leap-year rule
 * at its three edges (every 4th year, not centuries, but every 400th).
 */
#include <corral/calendar.h>
#include <corral/ktest.h>

struct known_date {
	struct calendar_time t;
	int64_t seconds;
};

static const struct known_date known_dates[] = {
    {{1970, 1, 1, 0, 0, 0}, 0},
    {{1970, 1, 2, 0, 0, 0}, 86400},
    {{1969, 12, 31, 23, 59, 59}, -1},
    {{2000, 2, 29, 0, 0, 0}, 951782400}, /* a leap day in a 400th year */
    {{2000, 3, 1, 0, 0, 0}, 951868800},
    {{2001, 9, 9, 1, 46, 40}, 1000000000},
    {{2038, 1, 19, 3, 14, 8}, 2147483648ll}, /* 2^31: where 32-bit time_t ends */
    {{2100, 3, 1, 0, 0, 0}, 4107542400ll},   /* 2100 has no February 29 */
    {{2106, 2, 7, 6, 28, 15}, 4294967295ll}, /* the last second of a uint32 */
    {{2026, 12, 31, 23, 59, 59}, 1798761599},
};

static bool calendar_times_equal(const struct calendar_time *a, const struct calendar_time *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->minute == b->minute && a->second == b->second;
}

KTEST(calendar_known_dates_to_epoch)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_dates); i++)
		KT_EXPECT_EQ(ctx, calendar_to_epoch(&known_dates[i].t), known_dates[i].seconds);
}

KTEST(calendar_epoch_to_known_dates)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_dates); i++) {
		struct calendar_time t;
		calendar_from_epoch(known_dates[i].seconds, &t);
		KT_EXPECT(ctx, calendar_times_equal(&t, &known_dates[i].t));
	}
}

/* Every day boundary from 1999 to 2102 goes there and back unchanged. */
KTEST(calendar_round_trip_every_day)
{
	int64_t first = calendar_days_from_date(1999, 1, 1);
	int64_t last = calendar_days_from_date(2102, 12, 31);
	for (int64_t day = first; day <= last; day++) {
		struct calendar_time t;
		calendar_from_epoch(day * 86400 + 86399, &t);
		KT_ASSERT(ctx, calendar_is_valid(&t) && t.hour == 23 && t.second == 59);
		KT_ASSERT(ctx, calendar_to_epoch(&t) == day * 86400 + 86399);
	}
}

KTEST(calendar_leap_years)
{
	KT_EXPECT(ctx, calendar_is_leap_year(2024));
	KT_EXPECT(ctx, !calendar_is_leap_year(2025));
	KT_EXPECT(ctx, !calendar_is_leap_year(1900));
	KT_EXPECT(ctx, !calendar_is_leap_year(2100));
	KT_EXPECT(ctx, calendar_is_leap_year(2000));
	KT_EXPECT_EQ(ctx, calendar_days_in_month(2024, 2), 29);
	KT_EXPECT_EQ(ctx, calendar_days_in_month(2100, 2), 28);
	struct calendar_time feb29 = {2100, 2, 29, 0, 0, 0};
	KT_EXPECT(ctx, !calendar_is_valid(&feb29));
	feb29.year = 2000;
	KT_EXPECT(ctx, calendar_is_valid(&feb29));
}
