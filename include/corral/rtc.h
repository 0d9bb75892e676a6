/*
 * rtc.h — the PC's battery-backed CMOS real-time clock (arch/x86/rtc.c): read
 * once at boot to start the wall clock (kernel/time.c).
 */
#ifndef CORRAL_RTC_H
#define CORRAL_RTC_H

#include <corral/calendar.h>
#include <corral/types.h>

/* The clock's registers as read, before decoding. */
struct rtc_registers {
	uint8_t second, minute, hour, day, month, year;
	uint8_t status_b; /* says how the others are encoded */
};

/* Read the RTC, print "rtc: YYYY-MM-DD hh:mm:ss UTC" and set the wall clock
 * from it; on failure say so and leave the wall clock at the epoch. */
void rtc_init(void);
/* Decode BCD or binary, 12- or 24-hour registers into a date (exposed for the
 * self tests, arch/x86/rtc_test.c). */
void rtc_decode(const struct rtc_registers *raw, struct calendar_time *t);

#endif
